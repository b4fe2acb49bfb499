-- Rows of explain_feature_stats for one run, from the frame registered as _explain_rows.
INSERT INTO explain_feature_stats BY NAME SELECT $run_id AS run_id, * FROM _explain_rows
