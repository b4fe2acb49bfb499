-- Plays of every catalogue track, zero for tracks never played (they are the end of the tail).
-- Empty for aggregate-only datasets: without `listens` no track has a known play count.
SELECT t.track_id AS item_id, count(l.track_id) AS plays
FROM tracks AS t
LEFT JOIN listens AS l ON l.track_id = t.track_id
WHERE EXISTS (SELECT 1 FROM listens)
GROUP BY t.track_id
ORDER BY t.track_id
