-- Plays per listener and item at the run's grain, before $cutoff (NULL: the whole log).
-- Aggregate-only data (no listens) contributes its play counts at artist grain.
WITH events AS (
    SELECT
        l.user_id,
        CASE WHEN $grain = 'track' THEN l.track_id ELSE t.artist_id END AS item_id
    FROM listens AS l
    JOIN tracks AS t ON t.track_id = l.track_id
    WHERE $cutoff IS NULL OR l.ts < CAST($cutoff AS TIMESTAMP)
)
SELECT user_id, item_id, CAST(count(*) AS DOUBLE) AS plays
FROM events
GROUP BY user_id, item_id
UNION ALL
SELECT user_id, artist_id AS item_id, CAST(sum(plays) AS DOUBLE) AS plays
FROM play_counts
WHERE plays > 0 AND $grain = 'artist' AND NOT EXISTS (SELECT 1 FROM listens)
GROUP BY user_id, artist_id
ORDER BY user_id, item_id
