-- Remove the plays of dataset $dataset_id.
DELETE FROM listens WHERE dataset_id = $dataset_id;
