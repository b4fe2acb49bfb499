-- Feature values of a run's sampled candidates, in the order of sample_shap.
-- The user_id filter repeats what the join implies: from a small list the scan of the
-- (every listener's) candidates can skip rows before reading their features, which
-- makes the read several times faster.
SELECT c.* EXCLUDE (run_id)
FROM explain_shap s JOIN explain_candidates c USING (run_id, user_id, item_id)
WHERE s.run_id = $run
  AND c.user_id IN (SELECT user_id FROM explain_shap WHERE run_id = $run)
ORDER BY c.user_id, c.rank
