-- SHAP values of a run's sampled candidates, in a stable order.
SELECT * EXCLUDE (run_id) FROM explain_shap WHERE run_id = $run ORDER BY user_id, rank
