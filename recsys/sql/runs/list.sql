-- Every model run, newest first, with the ranker's NDCG@10 and whether the data changed since
-- (the run's data version against the warehouse's content version, or its data version in
-- warehouses that predate the content version).
WITH current AS (
    SELECT coalesce(
        (SELECT value FROM meta WHERE key = 'content_version'),
        (SELECT value FROM meta WHERE key = 'data_version')
    ) AS version
)
SELECT run_id, created_at, task, grain, protocol,
       CAST(json_extract(summary, '$.users_evaluated') AS INTEGER) AS users_evaluated,
       CAST(json_extract(summary, '$.models.lightgbm_ranker."ndcg@10"') AS DOUBLE) AS ranker_ndcg10,
       CAST(json_extract(summary, '$.candidate_recall') AS DOUBLE) AS candidate_recall,
       CAST(json_extract(timings, '$.total') AS DOUBLE) AS build_seconds,
       data_version,
       data_version <> (SELECT version FROM current) AS stale
FROM runs
ORDER BY created_at DESC
