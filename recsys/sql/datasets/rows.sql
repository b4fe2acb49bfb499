-- The rows dataset $dataset_id holds in each table.
SELECT
    (SELECT count(*) FROM listens WHERE dataset_id = $dataset_id) AS listens,
    (SELECT count(*) FROM play_counts WHERE dataset_id = $dataset_id) AS play_counts,
    (SELECT count(*) FROM friends WHERE dataset_id = $dataset_id) AS friends;
