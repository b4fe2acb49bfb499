-- Rows written before datasets were tracked (dataset_id NULL), per table.
SELECT
    (SELECT count(*) FROM listens WHERE dataset_id IS NULL) AS listens,
    (SELECT count(*) FROM play_counts WHERE dataset_id IS NULL) AS play_counts,
    (SELECT count(*) FROM friends WHERE dataset_id IS NULL) AS friends;
