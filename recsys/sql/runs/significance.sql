-- The paired test of the ranker against the best baseline, for one run.
SELECT * EXCLUDE (run_id) FROM significance WHERE run_id = $run;
