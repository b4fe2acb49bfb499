-- Weights are rounded to 12 decimals so that the order of a parallel sum cannot change them.
-- Every tag of the import as the source spelled it, with its kind, its canonical genre and the
-- facet it states, weighted by its share of the artist's tag applications in this import;
-- (artist, normalised tag) pairs the warehouse already has are kept as they are.
INSERT INTO artist_tags (artist_id, tag, weight, kind, genre_id, value)
WITH g AS (
    SELECT sc_norm(name) AS gk, min(genre_id) AS genre_id FROM genres GROUP BY 1
),
s AS (
    SELECT artist_id, gk, tag_name, n / sum(n) OVER (PARTITION BY artist_id) AS weight
    FROM imp_tag_src
),
known AS (
    SELECT DISTINCT artist_id, sc_norm(tag) AS gk FROM artist_tags
)
SELECT s.artist_id, s.tag_name, round(s.weight, 12), c.kind, g.genre_id, c.value
FROM s
JOIN imp_tag_class AS c USING (gk)
LEFT JOIN g ON c.kind = 'genre' AND g.gk = sc_norm(c.genre)
WHERE NOT EXISTS (SELECT 1 FROM known AS k WHERE k.artist_id = s.artist_id AND k.gk = s.gk)
ORDER BY s.artist_id, s.gk;
