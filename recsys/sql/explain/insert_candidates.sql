-- Every final candidate of a run: user_id, item_id, rank, score, sources and its features.
INSERT INTO explain_candidates BY NAME
SELECT $run_id AS run_id, * FROM _explain_rows ORDER BY user_id, rank
