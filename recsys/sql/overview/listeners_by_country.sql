-- Listeners (users with at least one play) and their plays per country. Countries with fewer
-- than $min_users listeners are folded into 'other', users without a country are 'unknown',
-- and a group still smaller than $min_users is left out (small groups are suppressed).
WITH user_plays AS (
    SELECT user_id, count(*) AS plays
    FROM listens
    GROUP BY user_id
    UNION ALL
    SELECT user_id, sum(plays) AS plays
    FROM play_counts
    WHERE NOT EXISTS (SELECT 1 FROM listens)
    GROUP BY user_id
),
by_country AS (
    SELECT coalesce(u.country, 'unknown') AS country, count(*) AS listeners, sum(p.plays) AS plays
    FROM user_plays AS p
    JOIN users AS u ON u.user_id = p.user_id
    GROUP BY 1
),
folded AS (
    SELECT
        CASE WHEN listeners >= $min_users THEN country ELSE 'other' END AS country,
        sum(listeners) AS listeners,
        sum(plays) AS plays
    FROM by_country
    GROUP BY 1
)
SELECT country, CAST(listeners AS BIGINT) AS listeners, CAST(plays AS BIGINT) AS plays
FROM folded
WHERE listeners >= $min_users
ORDER BY listeners DESC, country
