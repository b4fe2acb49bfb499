-- Whether a listener exists.
SELECT count(*) AS n FROM users WHERE user_id = $user_id
