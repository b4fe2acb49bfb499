-- Append the new friendship pairs.
INSERT INTO friends (user_id, friend_id)
SELECT user_id, friend_id FROM imp_friend_new WHERE NOT existing;
