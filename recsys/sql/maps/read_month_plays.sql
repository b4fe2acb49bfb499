-- Plays of every artist on a run's map in one month ($month, its first day).
SELECT artist_id, plays
FROM map_months
WHERE run_id = $run_id AND month = $month
ORDER BY artist_id
