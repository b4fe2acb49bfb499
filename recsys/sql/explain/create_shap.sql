-- The wide table of SHAP values of the sampled candidates (one DOUBLE column per feature),
-- created empty from the frame registered as _explain_rows.
CREATE TABLE IF NOT EXISTS explain_shap AS
SELECT CAST(NULL AS VARCHAR) AS run_id, * FROM _explain_rows LIMIT 0
