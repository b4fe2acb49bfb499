-- Parse staged generic rows into aggregate play counts (user, artist, plays), with the tags of
-- the genre cell (split on the characters of $genre_seps by sc_split_tags).
INSERT INTO imp_counts
WITH src AS (
    SELECT
        file_no,
        nullif(trim("user"), '') AS user_raw,
        nullif(trim(artist), '') AS artist,
        nullif(trim(artist_mbid), '') AS am_raw,
        nullif(trim(plays), '') AS plays_raw,
        sc_split_tags(genre, $genre_seps) AS tags
    FROM g_raw
),
checked AS (
    SELECT
        *,
        try_cast(plays_raw AS BIGINT) AS plays,
        sc_mbid(am_raw) AS am,
        CASE
            WHEN $has_user AND user_raw IS NULL THEN 'user|missing'
            WHEN plays_raw IS NULL THEN 'plays|missing'
            WHEN try_cast(plays_raw AS BIGINT) IS NULL THEN 'plays|format'
            WHEN try_cast(plays_raw AS BIGINT) < 0 THEN 'plays|negative'
            WHEN am_raw IS NOT NULL AND sc_mbid(am_raw) IS NULL THEN 'artist_mbid|format'
        END AS issue
    FROM src
)
SELECT
    file_no,
    CASE WHEN $has_user THEN sc_pseudonym($salt, 'csv', user_raw)
        ELSE CAST($user_pseudonym AS VARCHAR) END,
    'mbid:' || am,
    artist,
    plays,
    tags,
    CASE WHEN artist IS NULL THEN 'no artist' END,
    issue,
    left(CASE split_part(issue, '|', 1)
        WHEN 'plays' THEN plays_raw
        WHEN 'artist_mbid' THEN am_raw
    END, 80)
FROM checked;
