-- The most active listener of a run (the first of explain/cohort_listeners).
SELECT user_id FROM explain_users WHERE run_id = $run ORDER BY plays DESC, user_id LIMIT 1
