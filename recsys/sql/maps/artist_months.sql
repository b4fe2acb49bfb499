-- Plays and listeners of every artist per calendar month (UTC), for the map's month slider.
SELECT t.artist_id, date_trunc('month', l.ts)::DATE AS month,
       count(*)::BIGINT AS plays, count(DISTINCT l.user_id)::BIGINT AS listeners
FROM listens l JOIN tracks t USING (track_id)
GROUP BY ALL
ORDER BY month, t.artist_id
