-- Plays, distinct listeners, hours and skip rate per week (weeks start on Monday, UTC).
-- `partial` marks a week the log covers only in part (it starts or ends inside it), so that a
-- chart does not read the short first and last weeks as a drop in listening.
-- Empty for aggregate-only datasets, which have no timestamps.
WITH weekly AS (
    SELECT
        date_trunc('week', ts) AS week,
        count(*) AS plays,
        count(DISTINCT user_id) AS listeners,
        sum(ms_played) / 3600000.0 AS hours,
        avg(CAST(skipped AS INTEGER)) AS skip_rate
    FROM listens
    GROUP BY week
),
span AS (
    SELECT min(ts) AS first_ts, max(ts) AS last_ts FROM listens
)
SELECT
    weekly.*,
    weekly.week < span.first_ts OR weekly.week + INTERVAL 7 DAY > span.last_ts AS partial
FROM weekly, span
ORDER BY weekly.week
