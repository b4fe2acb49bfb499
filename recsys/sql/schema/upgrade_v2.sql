-- Schema version 1 -> 2: every dataset gets a number, and listens, play_counts and friends say
-- which dataset brought each row (NULL: written before datasets were tracked). Datasets are
-- numbered in the order they were imported.
ALTER TABLE datasets ADD COLUMN dataset_id INTEGER;
ALTER TABLE listens ADD COLUMN dataset_id INTEGER;
ALTER TABLE play_counts ADD COLUMN dataset_id INTEGER;
ALTER TABLE friends ADD COLUMN dataset_id INTEGER;
UPDATE datasets SET dataset_id = n.id
FROM (
    SELECT rowid AS r, row_number() OVER (ORDER BY imported_at, rowid) AS id FROM datasets
) AS n
WHERE datasets.rowid = n.r;
