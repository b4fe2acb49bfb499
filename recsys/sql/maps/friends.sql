-- The friend graph, each pair once, for the friend communities.
SELECT DISTINCT least(user_id, friend_id) AS a, greatest(user_id, friend_id) AS b
FROM friends
WHERE user_id <> friend_id
ORDER BY a, b
