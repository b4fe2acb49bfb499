-- SHAP values of a run's sampled candidates: user_id, item_id, rank, score, bias, one per feature.
INSERT INTO explain_shap BY NAME
SELECT $run_id AS run_id, * FROM _explain_rows ORDER BY user_id, rank
