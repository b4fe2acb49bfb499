-- Plays of every catalogue artist, zero for artists never played. Plays come from `listens`
-- when it has rows, otherwise from the aggregate `play_counts`.
WITH artist_plays AS (
    SELECT t.artist_id, count(*) AS plays
    FROM listens AS l
    JOIN tracks AS t ON t.track_id = l.track_id
    GROUP BY t.artist_id
    UNION ALL
    SELECT artist_id, sum(plays) AS plays
    FROM play_counts
    WHERE NOT EXISTS (SELECT 1 FROM listens)
    GROUP BY artist_id
)
SELECT a.artist_id AS item_id, CAST(coalesce(p.plays, 0) AS BIGINT) AS plays
FROM artists AS a
LEFT JOIN artist_plays AS p ON p.artist_id = a.artist_id
ORDER BY a.artist_id
