-- Runs that have stored explanations, newest first.
SELECT r.run_id, r.created_at, r.task, r.grain, e.sample_users, e.candidate_rows
FROM runs r JOIN explain_runs e USING (run_id)
ORDER BY r.created_at DESC, r.run_id DESC
