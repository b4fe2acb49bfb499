-- The number the next dataset gets: one more than the highest so far.
SELECT coalesce(max(dataset_id), 0) + 1 FROM datasets;
