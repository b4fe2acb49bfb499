-- The user_id of every user the import's kept records name, and whether the import added them
-- (new users get ids above $last_user_id, the highest before the import).
WITH named AS (
    SELECT pseudonym FROM imp_plays WHERE drop_reason IS NULL AND issue IS NULL
    UNION
    SELECT pseudonym FROM imp_counts WHERE drop_reason IS NULL AND issue IS NULL
    UNION
    SELECT pseudonym FROM imp_friends WHERE drop_reason IS NULL AND issue IS NULL
    UNION
    SELECT friend_pseudonym FROM imp_friends WHERE drop_reason IS NULL AND issue IS NULL
    UNION
    SELECT pseudonym FROM imp_profiles WHERE drop_reason IS NULL AND issue IS NULL
)
SELECT u.user_id, u.user_id > $last_user_id AS is_new
FROM users AS u
SEMI JOIN named AS n ON n.pseudonym = u.pseudonym
ORDER BY u.user_id;
