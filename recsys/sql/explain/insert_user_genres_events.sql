-- Every listener's genres before the cutoff: distinct tracks and plays of artists tagged with
-- each genre, over all history and in the 56 days before the cutoff, and the genre's share of
-- the listener's tag-weighted plays (as the genre_affinity feature weighs them).
INSERT INTO explain_user_genres
WITH h AS (
    SELECT l.user_id, l.track_id, l.ts, t.artist_id
    FROM listens l JOIN tracks t USING (track_id)
    WHERE $cutoff::TIMESTAMP IS NULL OR l.ts < $cutoff::TIMESTAMP
),
ag AS (
    SELECT artist_id, genre_id, weight / sum(weight) OVER (PARTITION BY artist_id) AS share
    FROM artist_genres
)
SELECT $run_id AS run_id, h.user_id, ag.genre_id,
       count(DISTINCT h.track_id) AS items,
       count(*)::DOUBLE AS plays,
       count(DISTINCT h.track_id) FILTER (WHERE h.ts >= $cutoff::TIMESTAMP - INTERVAL 56 DAY)
           AS items_recent,
       (count(*) FILTER (WHERE h.ts >= $cutoff::TIMESTAMP - INTERVAL 56 DAY))::DOUBLE
           AS plays_recent,
       sum(ag.share) / sum(sum(ag.share)) OVER (PARTITION BY h.user_id) AS share
FROM h JOIN ag USING (artist_id)
GROUP BY h.user_id, ag.genre_id
ORDER BY h.user_id, ag.genre_id
