-- A run's seconds per stage, completed once its run stages and total are known.
UPDATE runs SET timings = $timings WHERE run_id = $run_id;
