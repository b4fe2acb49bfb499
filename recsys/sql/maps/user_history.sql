-- One listener's plays per artist (from listens at either grain and from play counts).
SELECT artist_id, sum(plays)::BIGINT AS plays
FROM (
    SELECT t.artist_id, count(*) AS plays
    FROM listens l JOIN tracks t USING (track_id)
    WHERE l.user_id = $user_id
    GROUP BY ALL
    UNION ALL
    SELECT artist_id, plays FROM play_counts WHERE user_id = $user_id AND plays > 0
)
GROUP BY ALL
ORDER BY plays DESC, artist_id
