-- One listener's most played artists before the cutoff, with plays and the last play.
SELECT a.name AS artist, count(*) AS plays, count(DISTINCT l.track_id) AS tracks,
       max(l.ts) AS last_played
FROM listens l JOIN tracks t USING (track_id) JOIN artists a USING (artist_id)
WHERE l.user_id = $user AND ($cutoff::TIMESTAMP IS NULL OR l.ts < $cutoff::TIMESTAMP)
GROUP BY a.artist_id, a.name
ORDER BY plays DESC, a.artist_id
LIMIT $limit
