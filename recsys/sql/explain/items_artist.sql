-- Popularity of every played artist at the cutoff (artist grain: the item is the artist), as
-- shares of the catalogue: top_share is rank / number of artists ("among the 1% most played"
-- is 0.01); recent_* count the 28 days before the cutoff.
WITH h AS (
    SELECT l.user_id, t.artist_id AS item_id, l.ts
    FROM listens l JOIN tracks t USING (track_id)
    WHERE $cutoff::TIMESTAMP IS NULL OR l.ts < $cutoff::TIMESTAMP
),
items AS (
    SELECT item_id, count(*) AS plays,
           count(*) FILTER (WHERE ts >= $cutoff::TIMESTAMP - INTERVAL 28 DAY) AS recent_plays,
           count(DISTINCT user_id) AS listeners
    FROM h GROUP BY item_id
),
shares AS (
    SELECT item_id, plays::DOUBLE AS plays, recent_plays::DOUBLE AS recent_plays, listeners,
           rank() OVER (ORDER BY plays DESC) / (SELECT count(*) FROM artists) AS top_share,
           CASE WHEN recent_plays > 0
                THEN rank() OVER (ORDER BY recent_plays DESC) / (SELECT count(*) FROM artists)
           END AS recent_top_share
    FROM items
)
SELECT *, top_share AS artist_top_share, recent_top_share AS artist_recent_top_share
FROM shares ORDER BY item_id
