-- Whether a run exists (one row) or not (no row).
SELECT run_id FROM runs WHERE run_id = $run
