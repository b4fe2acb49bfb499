-- The name of each genre in $ids (a list of genre ids).
SELECT genre_id, name AS genre
FROM genres
WHERE genre_id IN (SELECT unnest($ids))
