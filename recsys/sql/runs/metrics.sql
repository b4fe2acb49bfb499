-- Metrics of a list of runs.
SELECT run_id, model, metric, value
FROM metrics
WHERE list_contains($runs, run_id)
ORDER BY run_id, model, metric
