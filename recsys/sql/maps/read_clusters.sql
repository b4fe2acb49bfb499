-- Every cluster of a run's map, most emerging first (noise, cluster -1, last).
SELECT cluster_id, label, top_genres, artists, listeners, plays, x, y, listen_share,
       rec_share, exposure_gap, growth, growth_plays, score, p_value, q_value, significant,
       emerging_rank, under_recommended, communities
FROM clusters
WHERE run_id = $run_id
ORDER BY cluster_id < 0, emerging_rank NULLS LAST, cluster_id
