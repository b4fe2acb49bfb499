SELECT a.name AS artist, count(*) AS plays
FROM listens AS l
JOIN tracks AS t ON t.track_id = l.track_id
JOIN artists AS a ON a.artist_id = t.artist_id
GROUP BY a.name
ORDER BY plays DESC
LIMIT 10
