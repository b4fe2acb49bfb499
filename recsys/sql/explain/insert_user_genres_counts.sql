-- Every listener's genres from aggregate play counts (no timestamps, nothing is recent):
-- distinct artists and plays of artists tagged with each genre, and the genre's share of the
-- listener's tag-weighted plays.
INSERT INTO explain_user_genres
WITH ag AS (
    SELECT artist_id, genre_id, weight / sum(weight) OVER (PARTITION BY artist_id) AS share
    FROM artist_genres
)
SELECT $run_id AS run_id, pc.user_id, ag.genre_id,
       count(DISTINCT pc.artist_id) AS items,
       sum(pc.plays)::DOUBLE AS plays,
       CAST(NULL AS BIGINT) AS items_recent,
       CAST(NULL AS DOUBLE) AS plays_recent,
       sum(pc.plays * ag.share) / sum(sum(pc.plays * ag.share)) OVER (PARTITION BY pc.user_id)
           AS share
FROM play_counts pc JOIN ag USING (artist_id)
WHERE pc.plays > 0
GROUP BY pc.user_id, ag.genre_id
ORDER BY pc.user_id, ag.genre_id
