-- Remove the friendships of dataset $dataset_id.
DELETE FROM friends WHERE dataset_id = $dataset_id;
