-- Remove the play counts of dataset $dataset_id.
DELETE FROM play_counts WHERE dataset_id = $dataset_id;
