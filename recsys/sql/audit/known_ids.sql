-- Which of an external list's listener and item ids (warehouse ids) exist at the run's grain.
SELECT
    e.row_no,
    u.user_id IS NOT NULL AS user_known,
    CASE WHEN $grain = 'track' THEN t.track_id IS NOT NULL ELSE a.artist_id IS NOT NULL END
        AS item_known
FROM _ext_ids AS e
LEFT JOIN users AS u ON u.user_id = e.user_id
LEFT JOIN tracks AS t ON $grain = 'track' AND t.track_id = e.item_id
LEFT JOIN artists AS a ON $grain = 'artist' AND a.artist_id = e.item_id
ORDER BY e.row_no
