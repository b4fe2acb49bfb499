-- The artist of a track.
SELECT artist_id FROM tracks WHERE track_id = $track
