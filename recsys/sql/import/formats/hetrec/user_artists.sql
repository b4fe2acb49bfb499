-- Stage hetrec user_artists.dat (userID, artistID, weight): how often each user played each
-- artist. The counts become play_counts (artist grain; the dataset has no listening times).
-- $columns is the file's column list in order, bound by recsys.io.formats.hetrec.
INSERT INTO h_plays
WITH src AS (
    SELECT userID AS user_raw, artistID AS artist_raw, weight AS weight_raw
    FROM sc_read_tsv($path, $columns, true)
),
checked AS (
    SELECT
        *,
        try_cast(user_raw AS BIGINT) AS user_id,
        try_cast(artist_raw AS BIGINT) AS artist_id,
        try_cast(weight_raw AS BIGINT) AS plays,
        CASE
            WHEN user_raw IS NULL THEN 'userID|missing'
            WHEN try_cast(user_raw AS BIGINT) IS NULL THEN 'userID|format'
            WHEN artist_raw IS NULL THEN 'artistID|missing'
            WHEN try_cast(artist_raw AS BIGINT) IS NULL THEN 'artistID|format'
            WHEN weight_raw IS NULL THEN 'weight|missing'
            WHEN try_cast(weight_raw AS BIGINT) IS NULL THEN 'weight|format'
            WHEN try_cast(weight_raw AS BIGINT) < 0 THEN 'weight|negative'
        END AS issue
    FROM src
)
SELECT
    $file_no,
    sc_pseudonym($salt, 'hetrec-lastfm', CAST(user_id AS VARCHAR)),
    'hetrec:' || artist_id,
    plays,
    NULL,
    issue,
    left(CASE split_part(issue, '|', 1)
        WHEN 'userID' THEN user_raw
        WHEN 'artistID' THEN artist_raw
        WHEN 'weight' THEN weight_raw
    END, 80)
FROM checked;
