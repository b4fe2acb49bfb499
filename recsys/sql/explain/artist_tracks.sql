-- The tracks of an artist (to find which of them a listener had as candidates).
SELECT track_id AS item_id FROM tracks WHERE artist_id = $artist
