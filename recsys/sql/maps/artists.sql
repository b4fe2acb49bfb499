-- Every artist with a name, for the map's points.
SELECT artist_id, name FROM artists ORDER BY artist_id
