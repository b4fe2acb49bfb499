-- The name of each artist in $ids (a list of artist ids).
SELECT artist_id, name AS artist
FROM artists
WHERE artist_id IN (SELECT unnest($ids))
