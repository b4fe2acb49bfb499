-- Tracks the import mentions that the warehouse does not know by this source key. A new key
-- (MusicBrainz recording, Spotify track) joins the artist's track that holds its normalised
-- title, unless that track already has a key of the same kind; otherwise it gets a fresh id,
-- as do titles no track of the artist has claimed. Keyed mentions come first.
CREATE OR REPLACE TEMP TABLE imp_track_new AS
WITH keyed AS (
    SELECT
        track_key AS source_key,
        first(artist_id ORDER BY n DESC, artist_id) AS artist_id,
        first(track_title ORDER BY n DESC, track_title) AS title,
        first(nk ORDER BY n DESC, track_title) AS nk,
        first(album ORDER BY n DESC, album) FILTER (WHERE album IS NOT NULL) AS album,
        max(duration_ms) AS duration_ms,
        0 AS pass
    FROM imp_track_src
    WHERE track_key IS NOT NULL
    GROUP BY track_key
),
named AS (
    SELECT
        'name:' || s.artist_id || '|' || s.nk AS source_key,
        s.artist_id,
        first(s.track_title ORDER BY s.n DESC, s.track_title) AS title,
        s.nk,
        first(s.album ORDER BY s.n DESC, s.album) FILTER (WHERE s.album IS NOT NULL) AS album,
        max(s.duration_ms) AS duration_ms,
        1 AS pass
    FROM imp_track_src AS s
    ANTI JOIN keyed AS k ON k.artist_id = s.artist_id AND k.nk = s.nk
    WHERE s.track_key IS NULL AND s.nk IS NOT NULL
    GROUP BY s.artist_id, s.nk
),
fresh AS (
    SELECT c.*
    FROM (SELECT * FROM keyed UNION ALL SELECT * FROM named) AS c
    ANTI JOIN (SELECT source_key FROM item_keys WHERE kind = 'track') AS k
        ON k.source_key = c.source_key
),
attach AS (
    SELECT f.source_key, k.id AS existing_id
    FROM fresh AS f
    JOIN item_keys AS k
        ON k.kind = 'track' AND k.source_key = 'name:' || f.artist_id || '|' || f.nk
    WHERE f.pass = 0
        AND NOT EXISTS (
            SELECT 1 FROM item_keys AS o
            WHERE o.kind = 'track' AND o.id = k.id
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
    CAST(coalesce(existing_id, (SELECT coalesce(max(track_id), 0) FROM tracks) + rn)
        AS INTEGER) AS track_id,
    existing_id IS NULL AS is_new,
    * EXCLUDE (existing_id, rn)
FROM numbered;
