-- Parent genres the matched tags need that the warehouse lacks (by normalised name) become new
-- top-level genres, numbered after the highest genre_id in name order.
INSERT INTO genres (genre_id, name, parent_id)
WITH wanted AS (
    SELECT DISTINCT parent AS name
    FROM imp_tag_class
    WHERE kind = 'genre' AND parent IS NOT NULL
),
fresh AS (
    SELECT w.name
    FROM wanted AS w
    ANTI JOIN (SELECT sc_norm(name) AS gk FROM genres) AS g ON g.gk = sc_norm(w.name)
)
SELECT
    CAST((SELECT coalesce(max(genre_id), 0) FROM genres)
        + row_number() OVER (ORDER BY name) AS INTEGER),
    name,
    NULL
FROM fresh;
