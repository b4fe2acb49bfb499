-- Dataset KPIs in one row. Plays come from `listens` when it has rows, otherwise from the
-- aggregate `play_counts`; time span, hours and skip rate exist only for event data (NULL else).
WITH events AS (
    SELECT
        count(*) AS plays,
        min(ts) AS first_listen,
        max(ts) AS last_listen,
        sum(ms_played) / 3600000.0 AS listening_hours,
        avg(CAST(skipped AS INTEGER)) AS skip_rate
    FROM listens
),
aggregates AS (
    SELECT CAST(coalesce(sum(plays), 0) AS BIGINT) AS plays FROM play_counts
)
SELECT
    (SELECT count(*) FROM users) AS users,
    (SELECT count(*) FROM artists) AS artists,
    (SELECT count(*) FROM tracks) AS tracks,
    CASE WHEN events.plays > 0 THEN events.plays ELSE aggregates.plays END AS plays,
    events.plays > 0 AS has_timestamps,
    events.first_listen,
    events.last_listen,
    events.listening_hours,
    events.skip_rate
FROM events, aggregates
