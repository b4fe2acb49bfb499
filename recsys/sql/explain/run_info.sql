-- A run and its explanation summary (explained is false for a run built before explanations).
SELECT r.run_id, r.model_path, r.grain, r.task, r.created_at,
       e.run_id IS NOT NULL AS explained, e.cutoff, e.base_value, e.features,
       e.candidate_rows, e.sample_users, e.sample_rows, e.config
FROM runs r LEFT JOIN explain_runs e USING (run_id)
WHERE r.run_id = $run
