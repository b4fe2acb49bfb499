-- One listener's list re-ranked at one strength, with names.
SELECT
    r.rank,
    r.item_id,
    CASE WHEN $grain = 'track' THEN t.title ELSE a.name END AS item,
    a.name AS artist
FROM audit_reranked AS r
LEFT JOIN tracks AS t ON $grain = 'track' AND t.track_id = r.item_id
LEFT JOIN artists AS a ON a.artist_id = CASE WHEN $grain = 'track' THEN t.artist_id ELSE r.item_id END
WHERE r.run_id = $run AND r.reranker = $reranker AND r.strength = $strength AND r.user_id = $user
ORDER BY r.rank
