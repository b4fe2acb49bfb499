-- One listener's recommendations in a run, as artists (a track counts for its artist), each
-- with its best rank.
SELECT coalesce(t.artist_id, r.item_id) AS artist_id, min(r.rank)::INTEGER AS best_rank,
       count(*)::INTEGER AS items
FROM recommendations r
LEFT JOIN tracks t ON $grain = 'track' AND t.track_id = r.item_id
WHERE r.run_id = $run_id AND r.user_id = $user_id
GROUP BY ALL
ORDER BY best_rank, artist_id
