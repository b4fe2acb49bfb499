-- The popularity long tail of tracks ($level = 'track') or artists ($level = 'artist') as one
-- row of aggregates, so no per-item play count leaves the database. Items never played count
-- (they are the end of the tail); plays come from `listens` when it has rows, otherwise from
-- `play_counts` (artists only: the track level is empty for aggregate-only data).
-- With the n items sorted from least to most played (x_1 <= ... <= x_n, total T, C_k the sum
-- of the k least played):
--   curve: the Lorenz curve thinned to at most $max_points points, at the positions
--          k = round(j * n / (m - 1)), j = 0 .. m - 1, m = least($max_points, n + 1), rounded
--          half to even and deduplicated (numpy.linspace then numpy.round, as
--          recsys.views.overview.lorenz draws it): item_share k / n, play_share C_k / T;
--   gini:  sum_i (2i - n - 1) x_i / (n T) = (2 sum_i i x_i - (n + 1) T) / (n T);
--   top10_share: plays of the ceil(0.1 n) most played items over T.
-- The curve is empty and gini and top10_share are NULL when there are no items or no plays.
WITH track_plays AS (
    SELECT count(l.track_id) AS plays
    FROM tracks AS t
    LEFT JOIN listens AS l ON l.track_id = t.track_id
    WHERE $level = 'track' AND EXISTS (SELECT 1 FROM listens)
    GROUP BY t.track_id
),
artist_event_plays AS (
    SELECT t.artist_id, count(*) AS plays
    FROM listens AS l
    JOIN tracks AS t ON t.track_id = l.track_id
    WHERE $level = 'artist'
    GROUP BY t.artist_id
    UNION ALL
    SELECT artist_id, sum(plays) AS plays
    FROM play_counts
    WHERE $level = 'artist' AND NOT EXISTS (SELECT 1 FROM listens)
    GROUP BY artist_id
),
artist_plays AS (
    SELECT CAST(coalesce(p.plays, 0) AS BIGINT) AS plays
    FROM artists AS a
    LEFT JOIN artist_event_plays AS p ON p.artist_id = a.artist_id
    WHERE $level = 'artist'
),
item_plays AS (
    SELECT plays FROM track_plays
    UNION ALL
    SELECT plays FROM artist_plays
),
ranked AS MATERIALIZED (
    SELECT
        plays,
        row_number() OVER w AS i,
        CAST(sum(plays) OVER w AS HUGEINT) AS cum
    FROM item_plays
    WINDOW w AS (ORDER BY plays ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
),
totals AS MATERIALIZED (
    SELECT
        count(*) AS n,
        CAST(coalesce(sum(plays), 0) AS HUGEINT) AS total,
        count(*) FILTER (WHERE plays > 0) AS played,
        CAST(coalesce(sum(CAST(i AS HUGEINT) * plays), 0) AS HUGEINT) AS weighted
    FROM ranked
),
positions AS (
    SELECT DISTINCT
        CAST(round_even(j.range * (CAST(n AS DOUBLE) / (least($max_points, n + 1) - 1)), 0)
            AS BIGINT) AS k
    FROM totals, range(least($max_points, n + 1)) AS j
    WHERE n > 0 AND total > 0
),
curve AS (
    SELECT
        p.k,
        p.k / CAST(t.n AS DOUBLE) AS item_share,
        CAST(coalesce(r.cum, 0) AS DOUBLE) / CAST(t.total AS DOUBLE) AS play_share
    FROM positions AS p
    CROSS JOIN totals AS t
    LEFT JOIN ranked AS r ON r.i = p.k
),
head AS (
    SELECT CAST(t.total - coalesce(r.cum, 0) AS DOUBLE) AS plays
    FROM totals AS t
    LEFT JOIN ranked AS r ON r.i = t.n - CAST(ceil(0.1 * t.n) AS BIGINT)
)
SELECT
    CAST(t.n AS BIGINT) AS items,
    CAST(t.played AS BIGINT) AS played_items,
    CASE WHEN t.n > 0 AND t.total > 0 THEN
        CAST(2 * t.weighted - (t.n + 1) * t.total AS DOUBLE)
            / (CAST(t.n AS DOUBLE) * CAST(t.total AS DOUBLE))
    END AS gini,
    CASE WHEN t.n > 0 AND t.total > 0 THEN h.plays / CAST(t.total AS DOUBLE) END AS top10_share,
    coalesce((SELECT list(item_share ORDER BY k) FROM curve), []::DOUBLE[]) AS item_share,
    coalesce((SELECT list(play_share ORDER BY k) FROM curve), []::DOUBLE[]) AS play_share
FROM totals AS t, head AS h
