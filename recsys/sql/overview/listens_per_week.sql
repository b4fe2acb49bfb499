-- Plays, distinct listeners, hours and skip rate per week (weeks start on Monday, UTC), one
-- series per source of plays (`listens.source`: the import format, or `synthetic:<preset>`),
-- labelled `dataset` with the names of the datasets imported from that source.
-- Every week from a source's first play to its last is a row, with 0 plays when nothing was
-- played that week; weeks outside a source's span are no rows (no data, not zero listening).
-- `partial` marks a week that its source covers only in part (the source starts or ends inside
-- it), so that a chart does not read a short edge week as a drop in listening.
-- Empty for aggregate-only datasets, which have no timestamps.
WITH plays AS (
    SELECT coalesce(source, '') AS source, ts, user_id, ms_played, skipped FROM listens
),
spans AS (
    SELECT source, min(ts) AS first_ts, max(ts) AS last_ts FROM plays GROUP BY source
),
weeks AS (
    SELECT spans.source, spans.first_ts, spans.last_ts, w.week
    FROM spans,
        LATERAL (
            SELECT unnest(
                generate_series(
                    date_trunc('week', spans.first_ts),
                    date_trunc('week', spans.last_ts),
                    INTERVAL 7 DAY
                )
            ) AS week
        ) AS w
),
weekly AS (
    SELECT
        source,
        date_trunc('week', ts) AS week,
        count(*) AS plays,
        count(DISTINCT user_id) AS listeners,
        sum(ms_played) / 3600000.0 AS hours,
        avg(CAST(skipped AS INTEGER)) AS skip_rate
    FROM plays
    GROUP BY source, week
),
labels AS (
    SELECT
        spans.source,
        coalesce(string_agg(DISTINCT d.name, ', ' ORDER BY d.name), nullif(spans.source, ''))
            AS dataset
    FROM spans
    LEFT JOIN datasets AS d ON d.source_format = split_part(spans.source, ':', 1)
    GROUP BY spans.source
)
SELECT
    w.source,
    coalesce(labels.dataset, 'source not recorded') AS dataset,
    w.week,
    CAST(coalesce(weekly.plays, 0) AS BIGINT) AS plays,
    CAST(coalesce(weekly.listeners, 0) AS BIGINT) AS listeners,
    CASE WHEN weekly.week IS NULL THEN 0.0 ELSE weekly.hours END AS hours,
    weekly.skip_rate,
    w.week < w.first_ts OR w.week + INTERVAL 7 DAY > w.last_ts AS partial
FROM weeks AS w
JOIN labels ON labels.source = w.source
LEFT JOIN weekly ON weekly.source = w.source AND weekly.week = w.week
ORDER BY w.first_ts, w.source, w.week
