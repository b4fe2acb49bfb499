-- Canonical genres the matched tags name that the warehouse lacks (by normalised name) become
-- new genres under their parent (none for a top-level genre or one the tree cannot place).
-- Unknown tags, facets and opinions never become genres.
INSERT INTO genres (genre_id, name, parent_id)
WITH wanted AS (
    SELECT genre AS name, min(parent) AS parent
    FROM imp_tag_class
    WHERE kind = 'genre'
    GROUP BY genre
),
fresh AS (
    SELECT w.*
    FROM wanted AS w
    ANTI JOIN (SELECT sc_norm(name) AS gk FROM genres) AS g ON g.gk = sc_norm(w.name)
),
parents AS (
    SELECT sc_norm(name) AS gk, min(genre_id) AS genre_id FROM genres GROUP BY 1
)
SELECT
    CAST((SELECT coalesce(max(genre_id), 0) FROM genres)
        + row_number() OVER (ORDER BY f.name) AS INTEGER),
    f.name,
    p.genre_id
FROM fresh AS f
LEFT JOIN parents AS p ON p.gk = sc_norm(f.parent);
