-- Every re-ranker's trade-off curve of a run.
SELECT reranker, strength, ndcg, target_metric, target_value, target_group, target_share
FROM audit_tradeoff
WHERE run_id = $run
ORDER BY reranker, strength
