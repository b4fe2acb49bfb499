-- Runs with an audit, newest first, with the number of audited sets of lists.
SELECT r.run_id, r.created_at, r.task, r.grain, count(DISTINCT s.name) AS sets
FROM runs AS r
JOIN audit_sets AS s ON s.run_id = r.run_id
GROUP BY r.run_id, r.created_at, r.task, r.grain
ORDER BY r.created_at DESC, r.run_id DESC
