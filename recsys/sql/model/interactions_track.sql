-- Every play as a track-grain interaction for the split.
SELECT user_id, track_id AS item_id, ts, 1.0 AS weight, skipped
FROM listens
