-- The wide table of every final candidate's features (REAL, as the ranker reads them), created
-- empty from the frame registered as _explain_rows.
CREATE TABLE IF NOT EXISTS explain_candidates AS
SELECT CAST(NULL AS VARCHAR) AS run_id, * FROM _explain_rows LIMIT 0
