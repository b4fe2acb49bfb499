-- Whether a model run exists (with or without a map).
SELECT count(*) AS n FROM runs WHERE run_id = $run_id
