-- A listener's parent-genre mix over their history (weighted by plays) and over a list of items
-- ($items, each counted once): the two sides of the calibration panel.
WITH artist_parent AS (
    SELECT ag.artist_id, coalesce(g.parent_id, g.genre_id) AS genre_id,
           ag.weight / sum(ag.weight) OVER (PARTITION BY ag.artist_id) AS w
    FROM artist_genres AS ag JOIN genres AS g ON g.genre_id = ag.genre_id
    WHERE ag.weight > 0
),
item_artist AS (
    SELECT track_id AS item_id, artist_id FROM tracks WHERE $grain = 'track'
    UNION ALL
    SELECT artist_id, artist_id FROM artists WHERE $grain = 'artist'
),
hist AS (
    SELECT ap.genre_id, sum(ap.w) AS mass
    FROM listens AS l
    JOIN tracks AS t ON t.track_id = l.track_id
    JOIN artist_parent AS ap ON ap.artist_id = t.artist_id
    WHERE l.user_id = $user AND ($cutoff IS NULL OR l.ts < CAST($cutoff AS TIMESTAMP))
    GROUP BY ap.genre_id
    UNION ALL
    SELECT ap.genre_id, sum(pc.plays * ap.w)
    FROM play_counts AS pc
    JOIN artist_parent AS ap ON ap.artist_id = pc.artist_id
    WHERE pc.user_id = $user AND NOT EXISTS (SELECT 1 FROM listens)
    GROUP BY ap.genre_id
),
lst AS (
    SELECT ap.genre_id, sum(ap.w) AS mass
    FROM (SELECT DISTINCT unnest($items) AS item_id) AS i
    JOIN item_artist AS ia ON ia.item_id = i.item_id
    JOIN artist_parent AS ap ON ap.artist_id = ia.artist_id
    GROUP BY ap.genre_id
),
both_sides AS (
    SELECT coalesce(h.genre_id, s.genre_id) AS genre_id,
           coalesce(h.mass, 0) AS h_mass, coalesce(s.mass, 0) AS l_mass
    FROM hist AS h FULL JOIN lst AS s ON s.genre_id = h.genre_id
)
SELECT
    g.name AS genre,
    b.h_mass / nullif(sum(b.h_mass) OVER (), 0) AS history_share,
    b.l_mass / nullif(sum(b.l_mass) OVER (), 0) AS list_share
FROM both_sides AS b
JOIN genres AS g ON g.genre_id = b.genre_id
ORDER BY history_share DESC NULLS LAST, g.name
