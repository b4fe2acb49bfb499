-- Insert the new tracks.
INSERT INTO tracks (track_id, artist_id, title, album, duration_ms)
SELECT track_id, artist_id, title, album, CAST(duration_ms AS INTEGER)
FROM imp_track_new
WHERE is_new;
