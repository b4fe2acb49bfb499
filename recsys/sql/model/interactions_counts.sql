-- Aggregate play counts (no timestamps) as artist-grain interactions for the holdout split.
SELECT user_id, artist_id AS item_id, CAST(plays AS DOUBLE) AS weight
FROM play_counts
WHERE plays > 0
