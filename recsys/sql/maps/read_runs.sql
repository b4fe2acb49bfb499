-- Runs that have a genre map, newest first (a run whose data was too small for one has a
-- map_runs row with no artists: it is left out).
SELECT r.run_id, r.created_at, r.task, m.grain, m.artists, m.clusters, m.tests, m.log_end
FROM map_runs m JOIN runs r USING (run_id)
WHERE m.artists > 0
ORDER BY r.created_at DESC, r.run_id DESC
