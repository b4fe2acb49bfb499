-- The title and the artist's name of each track in $ids (a list of track ids).
SELECT t.track_id, t.title AS track, a.name AS artist
FROM tracks AS t
LEFT JOIN artists AS a ON a.artist_id = t.artist_id
WHERE t.track_id IN (SELECT unnest($ids))
