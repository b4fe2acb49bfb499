-- The communities a run's trend tests compared.
SELECT kind, community_id, label, members
FROM map_communities
WHERE run_id = $run_id
ORDER BY CASE kind WHEN 'all' THEN 0 WHEN 'country' THEN 1 ELSE 2 END, members DESC,
         community_id
