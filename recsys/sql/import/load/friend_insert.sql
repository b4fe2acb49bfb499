-- Append the new friendship pairs, tagged with the import's dataset.
INSERT INTO friends (user_id, friend_id, dataset_id)
SELECT user_id, friend_id, $dataset_id FROM imp_friend_new WHERE NOT existing;
