-- Rows of explain_importance for one run, from the frame registered as _explain_rows.
INSERT INTO explain_importance BY NAME SELECT $run_id AS run_id, * FROM _explain_rows
