-- The genre tags of some artists with each tag's share of the artist's tag weight, and the
-- broad (parent) genre of each tag (a parent genre is its own parent).
SELECT ag.artist_id, ag.genre_id, g.name AS genre, coalesce(g.parent_id, g.genre_id) AS parent_id,
       coalesce(p.name, g.name) AS parent,
       ag.weight / sum(ag.weight) OVER (PARTITION BY ag.artist_id) AS share
FROM artist_genres ag
JOIN genres g USING (genre_id)
LEFT JOIN genres p ON p.genre_id = g.parent_id
WHERE ag.artist_id IN (SELECT unnest($artists::INTEGER[]))
ORDER BY ag.artist_id, share DESC, ag.genre_id
