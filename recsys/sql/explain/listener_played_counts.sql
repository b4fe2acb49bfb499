-- How often a listener played some artists in aggregate play counts.
SELECT coalesce(sum(plays), 0) AS plays
FROM play_counts
WHERE user_id = $user AND artist_id IN (SELECT unnest($artists::INTEGER[]))
