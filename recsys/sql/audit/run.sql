-- What an audit needs to know of a run: its grain, task, split (windows) and data version.
SELECT run_id, grain, task, protocol, split, data_version
FROM runs
WHERE run_id = coalesce($run, (SELECT run_id FROM runs ORDER BY created_at DESC, run_id DESC LIMIT 1))
