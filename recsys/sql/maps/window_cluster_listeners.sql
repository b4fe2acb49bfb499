-- Listeners and plays of every cluster in every community per trend window. Window 0 holds
-- the $days days that end at $log_end, window 1 the $days days before them, and so on.
-- _map_cluster_of(artist_id, cluster_id) and _map_member_of(user_id, kind, community_id) are
-- frames the map stage registers; a listener belongs to one community of each kind.
WITH plays AS (
    SELECT l.user_id, t.artist_id,
           CAST(floor(epoch(CAST($log_end AS TIMESTAMP) - l.ts) / ($days * 86400.0)) AS INTEGER)
               AS "window"
    FROM listens l JOIN tracks t USING (track_id)
)
SELECT c.cluster_id, m.kind, m.community_id, p."window",
       count(DISTINCT p.user_id)::BIGINT AS listeners, count(*)::BIGINT AS plays
FROM plays p
JOIN _map_cluster_of c USING (artist_id)
JOIN _map_member_of m USING (user_id)
GROUP BY ALL
ORDER BY c.cluster_id, m.kind, m.community_id, p."window"
