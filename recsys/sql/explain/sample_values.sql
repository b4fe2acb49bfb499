-- Feature values of a run's sampled candidates, in the order of sample_shap.
SELECT c.* EXCLUDE (run_id)
FROM explain_shap s JOIN explain_candidates c USING (run_id, user_id, item_id)
WHERE s.run_id = $run
ORDER BY c.user_id, c.rank
