-- The catalogue at the run's grain: every track (with its artist) or every artist, played or not.
SELECT track_id AS item_id, artist_id FROM tracks WHERE $grain = 'track'
UNION ALL
SELECT artist_id AS item_id, artist_id FROM artists WHERE $grain = 'artist'
ORDER BY item_id
