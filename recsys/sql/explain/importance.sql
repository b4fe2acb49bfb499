-- Mean |SHAP| per feature or per group of a run, largest first.
SELECT name, "group", mean_abs_shap, mean_shap
FROM explain_importance
WHERE run_id = $run AND level = $level
ORDER BY mean_abs_shap DESC, name
