-- Every play as an artist-grain interaction for the split.
SELECT l.user_id, t.artist_id AS item_id, l.ts, 1.0 AS weight, l.skipped
FROM listens l JOIN tracks t USING (track_id)
