-- The kept friendship pairs resolved to user ids (duplicates folded, the first file owns it),
-- each flagged when the warehouse already has the pair.
CREATE OR REPLACE TEMP TABLE imp_friend_new AS
WITH g AS (
    SELECT u.user_id, v.user_id AS friend_id, min(f.file_no) AS file_no
    FROM imp_friends AS f
    JOIN users AS u ON u.pseudonym = f.pseudonym
    JOIN users AS v ON v.pseudonym = f.friend_pseudonym
    WHERE f.drop_reason IS NULL AND f.issue IS NULL
    GROUP BY u.user_id, v.user_id
)
SELECT g.*, x.user_id IS NOT NULL AS existing
FROM g
LEFT JOIN (SELECT DISTINCT user_id, friend_id FROM friends) AS x
    ON x.user_id = g.user_id AND x.friend_id = g.friend_id;
