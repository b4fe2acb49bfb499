-- Gain importance of the features of one run, largest first.
SELECT name AS feature, "group", description, gain, gain_share
FROM feature_catalog WHERE run_id = $run
ORDER BY gain DESC NULLS LAST
