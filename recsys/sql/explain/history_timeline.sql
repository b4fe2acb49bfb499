-- One listener's plays per week (Monday start, UTC) before the cutoff; empty weeks included.
WITH weekly AS (
    SELECT date_trunc('week', ts) AS week, count(*) AS plays,
           count(*) FILTER (WHERE skipped) AS skips
    FROM listens
    WHERE user_id = $user AND ($cutoff::TIMESTAMP IS NULL OR ts < $cutoff::TIMESTAMP)
    GROUP BY 1
),
span AS (
    SELECT unnest(generate_series(min(week), max(week), INTERVAL 7 DAY)) AS week FROM weekly
)
SELECT s.week, coalesce(w.plays, 0) AS plays, coalesce(w.skips, 0) AS skips
FROM span s LEFT JOIN weekly w USING (week)
ORDER BY s.week
