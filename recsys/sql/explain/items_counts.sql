-- Popularity of every artist in aggregate play counts (no timestamps, so nothing is recent),
-- as shares of the catalogue: top_share is rank / number of artists.
WITH items AS (
    SELECT artist_id AS item_id, sum(plays)::DOUBLE AS plays, count(DISTINCT user_id) AS listeners
    FROM play_counts WHERE plays > 0 GROUP BY artist_id
),
shares AS (
    SELECT item_id, plays, CAST(NULL AS DOUBLE) AS recent_plays, listeners,
           rank() OVER (ORDER BY plays DESC) / (SELECT count(*) FROM artists) AS top_share,
           CAST(NULL AS DOUBLE) AS recent_top_share
    FROM items
)
SELECT *, top_share AS artist_top_share, recent_top_share AS artist_recent_top_share
FROM shares ORDER BY item_id
