-- One listener's list from one audited set (Soundcheck's own or an external one), top $k, with names.
WITH picked AS (
    SELECT item_id, rank FROM recommendations
    WHERE run_id = $run AND $name = 'soundcheck' AND user_id = $user
    UNION ALL
    SELECT item_id, rank FROM audit_lists
    WHERE run_id = $run AND name = $name AND user_id = $user
)
SELECT
    row_number() OVER (ORDER BY p.rank, p.item_id) AS rank,
    p.item_id,
    CASE WHEN $grain = 'track' THEN t.title ELSE a.name END AS item,
    a.name AS artist
FROM picked AS p
LEFT JOIN tracks AS t ON $grain = 'track' AND t.track_id = p.item_id
LEFT JOIN artists AS a ON a.artist_id = CASE WHEN $grain = 'track' THEN t.artist_id ELSE p.item_id END
ORDER BY rank
LIMIT $k
