-- Stage hetrec user_friends.dat (userID, friendID): the social graph.
INSERT INTO imp_friends
WITH src AS (
    SELECT nullif(trim(userID), '') AS user_raw, nullif(trim(friendID), '') AS friend_raw
    FROM read_csv(
        $path,
        auto_detect = false,
        header = true,
        delim = '\t',
        quote = '',
        escape = '',
        store_rejects = true,
        columns = {'userID': 'VARCHAR', 'friendID': 'VARCHAR'}
    )
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
