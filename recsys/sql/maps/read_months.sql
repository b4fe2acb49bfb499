-- Plays and listeners of every artist on a run's map per month.
SELECT artist_id, month, plays, listeners
FROM map_months
WHERE run_id = $run_id
ORDER BY month, artist_id
