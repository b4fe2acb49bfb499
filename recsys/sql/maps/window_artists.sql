-- Listeners and plays of every artist in the trend windows (window 0 holds the $days days
-- that end at $log_end; windows up to $n_windows - 1), for each artist's growth and its share
-- of recent listening.
WITH plays AS (
    SELECT l.user_id, t.artist_id,
           CAST(floor(epoch(CAST($log_end AS TIMESTAMP) - l.ts) / ($days * 86400.0)) AS INTEGER)
               AS "window"
    FROM listens l JOIN tracks t USING (track_id)
    WHERE l.ts > CAST($log_end AS TIMESTAMP) - to_days(CAST($days * $n_windows AS INTEGER))
)
SELECT artist_id, "window", count(DISTINCT user_id)::BIGINT AS listeners,
       count(*)::BIGINT AS plays
FROM plays
GROUP BY ALL
ORDER BY artist_id, "window"
