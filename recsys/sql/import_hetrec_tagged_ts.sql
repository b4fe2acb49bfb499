-- Stage hetrec user_taggedartists-timestamps.dat (userID, artistID, tagID, timestamp).
INSERT INTO h_tagged
WITH src AS (
    SELECT
        nullif(trim(userID), '') AS user_raw,
        nullif(trim(artistID), '') AS artist_raw,
        nullif(trim(tagID), '') AS tag_raw
    FROM read_csv(
        $path,
        auto_detect = false,
        header = true,
        delim = '\t',
        quote = '',
        escape = '',
        store_rejects = true,
        columns = {
            'userID': 'VARCHAR',
            'artistID': 'VARCHAR',
            'tagID': 'VARCHAR',
            'timestamp': 'VARCHAR'
        }
    )
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
