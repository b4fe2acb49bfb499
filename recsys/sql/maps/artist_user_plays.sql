-- Plays of each artist by each listener, from the listening log (either grain) and from
-- aggregate play counts (sources without timestamps); the co-listening matrix of the map.
SELECT artist_id, user_id, sum(plays)::DOUBLE AS plays
FROM (
    SELECT t.artist_id, l.user_id, count(*) AS plays
    FROM listens l JOIN tracks t USING (track_id)
    GROUP BY ALL
    UNION ALL
    SELECT artist_id, user_id, plays FROM play_counts WHERE plays > 0
)
GROUP BY ALL
ORDER BY artist_id, user_id
