-- Genres the warehouse already holds in a hierarchy (a sub-genre, or a parent of one): a tag
-- naming one of them keeps that genre as it is (the synthetic generator's tree stays intact).
SELECT g.name
FROM genres AS g
WHERE g.parent_id IS NOT NULL
    OR EXISTS (SELECT 1 FROM genres AS c WHERE c.parent_id = g.genre_id)
ORDER BY g.name;
