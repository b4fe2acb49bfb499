-- The `soundcheck metrics --json` object a build stored for one run.
SELECT summary FROM runs WHERE run_id = $run;
