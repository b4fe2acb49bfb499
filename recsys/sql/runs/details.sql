-- What a run was built with: configuration, split, timings, skipped generators, model file.
SELECT config, split, timings, skipped, model_path, data_version FROM runs WHERE run_id = $run;
