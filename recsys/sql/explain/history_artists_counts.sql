-- One listener's most played artists from aggregate play counts.
SELECT a.name AS artist, pc.plays, CAST(NULL AS BIGINT) AS tracks,
       CAST(NULL AS TIMESTAMP) AS last_played
FROM play_counts pc JOIN artists a USING (artist_id)
WHERE pc.user_id = $user AND pc.plays > 0
ORDER BY pc.plays DESC, a.artist_id
LIMIT $limit
