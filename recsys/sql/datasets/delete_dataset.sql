-- Remove the datasets row of dataset $dataset_id.
DELETE FROM datasets WHERE dataset_id = $dataset_id;
