-- Popularity of every played track at the cutoff, as shares of the catalogue: top_share is
-- the share of catalogue tracks played at least as often (rank / catalogue size), so 0.01
-- means "among the 1% most played"; recent_* count the 28 days before the cutoff. The same
-- shares for the track's artist among all artists.
WITH h AS (
    SELECT l.user_id, l.track_id, t.artist_id, l.ts
    FROM listens l JOIN tracks t USING (track_id)
    WHERE $cutoff::TIMESTAMP IS NULL OR l.ts < $cutoff::TIMESTAMP
),
items AS (
    SELECT track_id AS item_id, any_value(artist_id) AS artist_id, count(*) AS plays,
           count(*) FILTER (WHERE ts >= $cutoff::TIMESTAMP - INTERVAL 28 DAY) AS recent_plays,
           count(DISTINCT user_id) AS listeners
    FROM h GROUP BY track_id
),
artists AS (
    SELECT artist_id, count(*) AS plays,
           count(*) FILTER (WHERE ts >= $cutoff::TIMESTAMP - INTERVAL 28 DAY) AS recent_plays
    FROM h GROUP BY artist_id
),
artist_shares AS (
    SELECT artist_id,
           rank() OVER (ORDER BY plays DESC) / (SELECT count(*) FROM artists) AS top_share,
           rank() OVER (ORDER BY recent_plays DESC) / (SELECT count(*) FROM artists)
               AS recent_top_share
    FROM artists
)
SELECT i.item_id, i.plays::DOUBLE AS plays, i.recent_plays::DOUBLE AS recent_plays,
       i.listeners,
       rank() OVER (ORDER BY i.plays DESC) / (SELECT count(*) FROM tracks) AS top_share,
       CASE WHEN i.recent_plays > 0
            THEN rank() OVER (ORDER BY i.recent_plays DESC) / (SELECT count(*) FROM tracks)
       END AS recent_top_share,
       a.top_share AS artist_top_share,
       CASE WHEN ar.recent_plays > 0 THEN a.recent_top_share END AS artist_recent_top_share
FROM items i
JOIN artist_shares a USING (artist_id)
JOIN artists ar USING (artist_id)
ORDER BY i.item_id
