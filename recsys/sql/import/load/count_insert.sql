-- Append the new play counts, tagged with the import's dataset; distinct source rows that name
-- the same artist are summed.
INSERT INTO play_counts (user_id, artist_id, plays, dataset_id)
SELECT user_id, artist_id, sum(plays), $dataset_id
FROM imp_count_new
WHERE NOT existing
GROUP BY user_id, artist_id;
