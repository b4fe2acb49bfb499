-- Resolve every (source key, spelling) the import mentions to an artist_id.
CREATE OR REPLACE TEMP TABLE imp_artist_map AS
SELECT coalesce(s.artist_key, '') AS ak, s.artist_name, s.nk, k.id AS artist_id
FROM imp_artist_src AS s
JOIN item_keys AS k
    ON k.kind = 'artist' AND k.source_key = coalesce(s.artist_key, 'name:' || s.nk);
