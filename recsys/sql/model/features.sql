-- Re-ranker features for every (user, item) candidate, from the history table only.
-- Inputs: temp tables `history(user_id, item_id, ts, weight, skipped)` holding nothing at or
-- after the cutoff, `cands(user_id, item_id, ...generator columns)`, view `items`, and the
-- catalogue-wide aggregates of the same history and cutoff, computed once for every batch:
-- `item_stats`, `artist_stats`, `country_item` (model/feature_*.sql);
-- $cutoff is the instant features are computed at (NULL for timeless aggregate data); it is
-- always cast, because an untyped NULL parameter cannot be bound in `$cutoff - INTERVAL ...`.
-- The listeners' own aggregates read only the history of the listeners in `cands` (a batch).
WITH h AS (
    SELECT h.*, i.artist_id FROM history h JOIN items i USING (item_id)
),
hu AS (
    SELECT * FROM h WHERE user_id IN (SELECT DISTINCT user_id FROM cands)
),
user_stats AS (
    SELECT h.user_id,
           sum(h.weight) AS plays,
           count(DISTINCT h.item_id) AS distinct_items,
           (sum(h.skipped::INT) + 1.0) / (count(h.skipped) + 5.0) AS skip_rate,
           sum(h.weight * ln(1 + s.plays)) / sum(h.weight) AS mainstream
    FROM hu h JOIN item_stats s USING (item_id) GROUP BY h.user_id
),
user_artist AS (
    SELECT user_id, artist_id, sum(weight) AS plays, max(ts) AS last_ts
    FROM hu GROUP BY user_id, artist_id
),
artist_genre AS (
    SELECT ag.artist_id, ag.genre_id, coalesce(g.parent_id, g.genre_id) AS parent_id,
           ag.weight / sum(ag.weight) OVER (PARTITION BY ag.artist_id) AS share
    FROM artist_genres ag JOIN genres g USING (genre_id)
),
user_genre AS (
    SELECT h.user_id, ag.genre_id,
           sum(h.weight * ag.share) / sum(sum(h.weight * ag.share))
               OVER (PARTITION BY h.user_id) AS share
    FROM hu h JOIN artist_genre ag USING (artist_id) GROUP BY h.user_id, ag.genre_id
),
user_parent AS (
    SELECT h.user_id, ag.parent_id,
           sum(h.weight * ag.share) / sum(sum(h.weight * ag.share))
               OVER (PARTITION BY h.user_id) AS share
    FROM hu h JOIN artist_genre ag USING (artist_id) GROUP BY h.user_id, ag.parent_id
),
cand_genre AS (
    SELECT c.user_id, c.item_id,
           sum(ag.share * coalesce(ug.share, 0)) AS genre_affinity
    FROM cands c JOIN items i USING (item_id)
    JOIN artist_genre ag ON ag.artist_id = i.artist_id
    LEFT JOIN user_genre ug ON ug.user_id = c.user_id AND ug.genre_id = ag.genre_id
    GROUP BY c.user_id, c.item_id
),
cand_parent AS (
    SELECT c.user_id, c.item_id,
           sum(ap.share * coalesce(up.share, 0)) AS parent_affinity
    FROM cands c JOIN items i USING (item_id)
    JOIN (SELECT artist_id, parent_id, sum(share) AS share FROM artist_genre GROUP BY ALL) ap
        ON ap.artist_id = i.artist_id
    LEFT JOIN user_parent up ON up.user_id = c.user_id AND up.parent_id = ap.parent_id
    GROUP BY c.user_id, c.item_id
)
SELECT c.*,
       ln(1 + coalesce(s.plays, 0)) AS item_plays,
       ln(1 + coalesce(s.recent, 0)) AS item_plays_recent,
       ln((1 + coalesce(s.recent, 0)) / (1 + coalesce(s.previous, 0))) AS item_trend,
       ln(1 + coalesce(s.listeners, 0)) AS item_listeners,
       ln(1 + coalesce(a.plays, 0)) AS artist_plays,
       ln(1 + coalesce(a.recent, 0)) AS artist_plays_recent,
       coalesce(s.skip_rate, 0.2) AS item_skip_rate,
       ln(1 + u.plays) AS user_activity,
       u.distinct_items / u.plays AS user_variety,
       u.skip_rate AS user_skip_rate,
       u.mainstream AS user_mainstreaminess,
       coalesce(g.genre_affinity, 0) AS genre_affinity,
       coalesce(p.parent_affinity, 0) AS parent_genre_affinity,
       ln(1 + coalesce(ua.plays, 0)) AS artist_familiarity,
       (ua.plays IS NOT NULL)::INT AS artist_known,
       date_diff('day', ua.last_ts, $cutoff::TIMESTAMP) AS artist_days_since,
       date_diff('day', i.release_date, CAST($cutoff::TIMESTAMP AS DATE)) AS item_age_days,
       coalesce(ci.share, 0) * 1000 AS country_popularity
FROM cands c
JOIN items i USING (item_id)
LEFT JOIN item_stats s USING (item_id)
LEFT JOIN artist_stats a ON a.artist_id = i.artist_id
LEFT JOIN user_stats u ON u.user_id = c.user_id
LEFT JOIN cand_genre g ON g.user_id = c.user_id AND g.item_id = c.item_id
LEFT JOIN cand_parent p ON p.user_id = c.user_id AND p.item_id = c.item_id
LEFT JOIN user_artist ua ON ua.user_id = c.user_id AND ua.artist_id = i.artist_id
LEFT JOIN users uu ON uu.user_id = c.user_id
LEFT JOIN country_item ci ON ci.country = uu.country AND ci.item_id = c.item_id
ORDER BY c.user_id, c.item_id
