-- Append the new play counts; distinct source rows that name the same artist are summed.
INSERT INTO play_counts (user_id, artist_id, plays)
SELECT user_id, artist_id, sum(plays)
FROM imp_count_new
WHERE NOT existing
GROUP BY user_id, artist_id;
