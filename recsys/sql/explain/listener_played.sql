-- How often a listener played some tracks, or any track of some artists, before the cutoff.
SELECT count(*) AS plays
FROM listens l JOIN tracks t USING (track_id)
WHERE l.user_id = $user AND ($cutoff::TIMESTAMP IS NULL OR l.ts < $cutoff::TIMESTAMP)
  AND (l.track_id IN (SELECT unnest($tracks::INTEGER[]))
       OR t.artist_id IN (SELECT unnest($artists::INTEGER[])))
