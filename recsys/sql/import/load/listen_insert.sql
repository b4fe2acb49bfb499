-- Append the new plays.
INSERT INTO listens (user_id, track_id, ts, ms_played, skipped, source)
SELECT user_id, track_id, ts, ms_played, skipped, $source
FROM imp_listen_new
WHERE NOT existing;
