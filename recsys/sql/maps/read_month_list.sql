-- The months of a run's map listening, oldest first, as 'YYYY-MM-01' (the month slider's
-- choices; empty without timestamps).
SELECT DISTINCT strftime(month, '%Y-%m-%d') AS month
FROM map_months
WHERE run_id = $run_id
ORDER BY month
