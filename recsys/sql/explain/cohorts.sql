-- Mean SHAP per cohort of one dimension, with bootstrap intervals, for features or groups.
SELECT cohort, name, "group", n_users, mean_shap, ci_low, ci_high, mean_abs_shap
FROM explain_cohorts
WHERE run_id = $run AND dimension = $dimension AND level = $level
ORDER BY cohort, name
