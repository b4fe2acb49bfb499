-- Stage hetrec's tag applications: user_taggedartists.dat (userID, artistID, tagID, day, month,
-- year) or user_taggedartists-timestamps.dat (userID, artistID, tagID, timestamp). Both hold
-- the same tagging; only the first three columns are read.
-- $columns is the file's column list in order, bound by recsys.io.formats.hetrec.
INSERT INTO h_tagged
WITH src AS (
    SELECT userID AS user_raw, artistID AS artist_raw, tagID AS tag_raw
    FROM sc_read_tsv($path, $columns, true)
),
checked AS (
    SELECT
        *,
        CASE
            WHEN try_cast(user_raw AS BIGINT) IS NULL THEN 'userID|format'
            WHEN try_cast(artist_raw AS BIGINT) IS NULL THEN 'artistID|format'
            WHEN try_cast(tag_raw AS BIGINT) IS NULL THEN 'tagID|format'
        END AS issue
    FROM src
)
SELECT
    $file_no,
    sc_pseudonym($salt, 'hetrec-lastfm', CAST(try_cast(user_raw AS BIGINT) AS VARCHAR)),
    'hetrec:' || try_cast(artist_raw AS BIGINT),
    try_cast(tag_raw AS BIGINT),
    NULL,
    issue,
    left(CASE split_part(issue, '|', 1)
        WHEN 'userID' THEN user_raw
        WHEN 'artistID' THEN artist_raw
        WHEN 'tagID' THEN tag_raw
    END, 80)
FROM checked;
