-- Recommendation slots per artist in the run's top $k lists (tracks are counted for their
-- artist): the recommender's side of the exposure gap.
SELECT coalesce(t.artist_id, r.item_id) AS artist_id, count(*)::BIGINT AS slots
FROM recommendations r
LEFT JOIN tracks t ON $grain = 'track' AND t.track_id = r.item_id
WHERE r.run_id = $run_id AND r.rank <= $k
GROUP BY ALL
ORDER BY artist_id
