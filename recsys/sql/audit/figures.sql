-- Every figure of a run's audited sets.
SELECT name, side, metric, group_attribute, "group", n, value, ci_low, ci_high, reference,
       ratio, ratio_low, ratio_high, verdict, note
FROM audit_figures
WHERE run_id = $run
ORDER BY name <> 'soundcheck', name, side, group_attribute, metric, "group"
