-- The listeners whose re-ranked lists a run stores.
SELECT DISTINCT user_id FROM audit_reranked WHERE run_id = $run ORDER BY user_id
