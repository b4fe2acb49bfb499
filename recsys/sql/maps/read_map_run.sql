-- One map's summary row, configuration and facts.
SELECT run_id, grain, artists, clusters, tests, log_end, config, facts
FROM map_runs WHERE run_id = $run_id
