-- How many burst tests a run's map holds (one per cluster and community).
SELECT count(*) AS tests
FROM cluster_trends t
JOIN map_communities m
  ON m.run_id = t.run_id AND m.kind = t.kind AND m.community_id = t.community_id
WHERE t.run_id = $run_id
