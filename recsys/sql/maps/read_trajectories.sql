-- Listeners of one cluster per window in every community, oldest window first.
SELECT t.kind, t.community_id, m.label AS community, t."window", t.window_end, t.listeners,
       t.plays, t.active, t.share
FROM cluster_trajectories t
JOIN map_communities m
  ON m.run_id = t.run_id AND m.kind = t.kind AND m.community_id = t.community_id
WHERE t.run_id = $run_id AND t.cluster_id = $cluster_id
ORDER BY t.kind, t.community_id, t."window" DESC
