-- Artists the import mentions that the warehouse does not know by this source key. A new key
-- (MusicBrainz, hetrec) joins the artist that holds its normalised name, unless that artist
-- already has a key of the same kind (then they are two artists of one name); otherwise it
-- gets a fresh id, as do names no artist has claimed. Keyed mentions come first.
CREATE OR REPLACE TEMP TABLE imp_artist_new AS
WITH keyed AS (
    SELECT
        artist_key AS source_key,
        first(artist_name ORDER BY n DESC, artist_name) AS name,
        first(nk ORDER BY n DESC, artist_name) AS nk,
        0 AS pass
    FROM imp_artist_src
    WHERE artist_key IS NOT NULL
    GROUP BY artist_key
),
named AS (
    SELECT 'name:' || nk AS source_key,
        first(artist_name ORDER BY n DESC, artist_name) AS name,
        nk,
        1 AS pass
    FROM imp_artist_src
    WHERE artist_key IS NULL AND nk NOT IN (SELECT nk FROM keyed)
    GROUP BY nk
),
fresh AS (
    SELECT c.*
    FROM (SELECT * FROM keyed UNION ALL SELECT * FROM named) AS c
    ANTI JOIN (SELECT source_key FROM item_keys WHERE kind = 'artist') AS k
        ON k.source_key = c.source_key
),
attach AS (
    SELECT f.source_key, k.id AS existing_id
    FROM fresh AS f
    JOIN item_keys AS k ON k.kind = 'artist' AND k.source_key = 'name:' || f.nk
    WHERE f.pass = 0
        AND NOT EXISTS (
            SELECT 1 FROM item_keys AS o
            WHERE o.kind = 'artist' AND o.id = k.id
                AND split_part(o.source_key, ':', 1) = split_part(f.source_key, ':', 1)
        )
    QUALIFY row_number() OVER (
        PARTITION BY k.id, split_part(f.source_key, ':', 1) ORDER BY f.source_key
    ) = 1
),
numbered AS (
    SELECT
        f.*,
        a.existing_id,
        row_number() OVER (PARTITION BY a.existing_id IS NULL ORDER BY f.pass, f.source_key)
            AS rn
    FROM fresh AS f
    LEFT JOIN attach AS a USING (source_key)
)
SELECT
    CAST(coalesce(existing_id, (SELECT coalesce(max(artist_id), 0) FROM artists) + rn)
        AS INTEGER) AS artist_id,
    existing_id IS NULL AS is_new,
    source_key,
    name,
    nk,
    pass
FROM numbered;
