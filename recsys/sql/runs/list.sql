-- Every model run, newest first, with the ranker's NDCG@10 and whether the data changed since
-- (the run's data version against the warehouse's content version; a warehouse written before
-- content versions existed cannot tell, and calls no run stale until its data next changes).
WITH current AS (
    SELECT (SELECT value FROM meta WHERE key = 'content_version') AS version
)
SELECT run_id, created_at, task, grain, protocol,
       CAST(json_extract(summary, '$.users_evaluated') AS INTEGER) AS users_evaluated,
       CAST(json_extract(summary, '$.models.lightgbm_ranker."ndcg@10"') AS DOUBLE) AS ranker_ndcg10,
       CAST(json_extract(summary, '$.candidate_recall') AS DOUBLE) AS candidate_recall,
       CAST(json_extract(timings, '$.total') AS DOUBLE) AS build_seconds,
       data_version,
       coalesce(data_version <> (SELECT version FROM current), false) AS stale
FROM runs
ORDER BY created_at DESC
