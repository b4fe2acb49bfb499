-- Every artist on a run's map with its cluster's label.
SELECT p.artist_id, p.name, p.x, p.y, p.cluster_id, c.label AS cluster, p.strength,
       p.parent_genre, p.top_tags, p.listeners, p.plays, p.listen_share, p.rec_slots,
       p.rec_share, p.exposure_gap, p.growth
FROM map_points p
LEFT JOIN clusters c ON c.run_id = p.run_id AND c.cluster_id = p.cluster_id
WHERE p.run_id = $run_id
ORDER BY p.artist_id
