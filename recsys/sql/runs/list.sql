-- Every model run, newest first, with the ranker's and the best baseline's NDCG@10.
SELECT run_id, created_at, task, grain, protocol,
       CAST(json_extract(summary, '$.users_evaluated') AS INTEGER) AS users_evaluated,
       CAST(json_extract(summary, '$.models.lightgbm_ranker."ndcg@10"') AS DOUBLE) AS ranker_ndcg10,
       CAST(json_extract(summary, '$.candidate_recall') AS DOUBLE) AS candidate_recall,
       CAST(json_extract(timings, '$.total') AS DOUBLE) AS build_seconds,
       data_version
FROM runs
ORDER BY created_at DESC
