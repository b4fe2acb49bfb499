-- Append the new plays, tagged with the import's dataset.
INSERT INTO listens (user_id, track_id, ts, ms_played, skipped, source, dataset_id)
SELECT user_id, track_id, ts, ms_played, skipped, $source, $dataset_id
FROM imp_listen_new
WHERE NOT existing;
