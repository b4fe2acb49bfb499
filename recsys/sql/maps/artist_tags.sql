-- Tag weights of every artist with the genre's name and its parent genre (NULL for a top level
-- genre): the tag half of the map's embedding and the words of the cluster labels.
SELECT ag.artist_id, ag.genre_id, g.name AS genre, g.parent_id,
       coalesce(p.name, g.name) AS parent, sum(ag.weight)::DOUBLE AS weight
FROM artist_genres ag
JOIN genres g USING (genre_id)
LEFT JOIN genres p ON p.genre_id = g.parent_id
WHERE ag.weight > 0
GROUP BY ALL
ORDER BY ag.artist_id, ag.genre_id
