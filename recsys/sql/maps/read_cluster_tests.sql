-- One cluster's burst tests (one per community) with the community's name and size,
-- strongest first (a missing score last), as recsys.maps.cluster_tests orders them.
SELECT t.cluster_id, t.kind, t.community_id, m.label AS community, m.members,
       t.listeners_recent, t.active_recent, t.listeners_base, t.active_base, t.share_recent,
       t.share_base, t.growth, t.growth_plays, t.dispersion, t.score, t.p_value, t.q_value,
       t.significant
FROM cluster_trends t
JOIN map_communities m
  ON m.run_id = t.run_id AND m.kind = t.kind AND m.community_id = t.community_id
WHERE t.run_id = $run_id AND t.cluster_id = $cluster_id
ORDER BY t.score IS NULL OR isnan(t.score), t.score DESC, t.community_id, t.kind
