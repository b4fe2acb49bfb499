-- Source keys of imported artists and tracks: how an import recognises what it has seen before.
-- kind is 'artist' or 'track'; source_key is 'mbid:<uuid>', 'spotify:<id>', 'hetrec:<id>' or
-- 'name:<normalised name>' ('name:<artist_id>|<normalised title>' for tracks); id is the surrogate
-- key in artists or tracks. User ids never appear here: users are keyed by users.pseudonym.
-- (kind, source_key) is unique. It is not declared a primary key because maintaining the index
-- cost more than reading the input; every import checks it instead (import/checks/keys.sql)
-- and is rolled back if it does not hold.
CREATE TABLE IF NOT EXISTS item_keys (
    kind       VARCHAR NOT NULL CHECK (kind IN ('artist', 'track')),
    source_key VARCHAR NOT NULL,
    id         INTEGER NOT NULL
);
