-- Group, description and quantiles over a run's candidates of every feature.
SELECT feature, "group", description, p01, p25, median, p75, p99
FROM explain_feature_stats WHERE run_id = $run
