-- Runs that have a genre map, newest first.
SELECT r.run_id, r.created_at, r.task, m.grain, m.artists, m.clusters, m.tests, m.log_end
FROM map_runs m JOIN runs r USING (run_id)
ORDER BY r.created_at DESC, r.run_id DESC
