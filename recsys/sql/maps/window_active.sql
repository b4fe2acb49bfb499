-- Active listeners and plays of every community per trend window (the denominators of the
-- clusters' shares); windows as in window_cluster_listeners.sql.
WITH plays AS (
    SELECT l.user_id,
           CAST(floor(epoch(CAST($log_end AS TIMESTAMP) - l.ts) / ($days * 86400.0)) AS INTEGER)
               AS "window"
    FROM listens l
)
SELECT m.kind, m.community_id, p."window",
       count(DISTINCT p.user_id)::BIGINT AS active, count(*)::BIGINT AS plays
FROM plays p
JOIN _map_member_of m USING (user_id)
GROUP BY ALL
ORDER BY m.kind, m.community_id, p."window"
