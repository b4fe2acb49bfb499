-- Each artist's sub-genres and parent genres with weights summing to 1 per artist and level.
-- A top-level genre tagged directly is its own parent.
WITH tagged AS (
    SELECT ag.artist_id, ag.genre_id, coalesce(g.parent_id, g.genre_id) AS parent_id, ag.weight
    FROM artist_genres AS ag
    JOIN genres AS g ON g.genre_id = ag.genre_id
    WHERE ag.weight > 0
)
SELECT
    artist_id,
    genre_id,
    parent_id,
    weight / sum(weight) OVER (PARTITION BY artist_id) AS weight
FROM tagged
ORDER BY artist_id, genre_id
