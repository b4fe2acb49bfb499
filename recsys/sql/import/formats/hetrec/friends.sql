-- Stage hetrec user_friends.dat (userID, friendID): the social graph.
-- $columns is the file's column list in order, bound by recsys.io.formats.hetrec.
INSERT INTO imp_friends
WITH src AS (
    SELECT userID AS user_raw, friendID AS friend_raw
    FROM sc_read_tsv($path, $columns, true)
),
checked AS (
    SELECT
        *,
        CASE
            WHEN try_cast(user_raw AS BIGINT) IS NULL THEN 'userID|format'
            WHEN try_cast(friend_raw AS BIGINT) IS NULL THEN 'friendID|format'
        END AS issue
    FROM src
)
SELECT
    $file_no,
    sc_pseudonym($salt, 'hetrec-lastfm', CAST(try_cast(user_raw AS BIGINT) AS VARCHAR)),
    sc_pseudonym($salt, 'hetrec-lastfm', CAST(try_cast(friend_raw AS BIGINT) AS VARCHAR)),
    CASE WHEN try_cast(user_raw AS BIGINT) = try_cast(friend_raw AS BIGINT) THEN 'self-friendship' END,
    issue,
    left(CASE split_part(issue, '|', 1) WHEN 'userID' THEN user_raw ELSE friend_raw END, 80)
FROM checked;
