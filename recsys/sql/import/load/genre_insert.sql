-- Tags no genre matches (by normalised name) become new top-level genres.
INSERT INTO genres (genre_id, name, parent_id)
WITH wanted AS (
    SELECT gk, first(tag_name ORDER BY n DESC, tag_name <> lower(tag_name), tag_name) AS name
    FROM imp_tag_src
    GROUP BY gk
),
fresh AS (
    SELECT w.*
    FROM wanted AS w
    ANTI JOIN (SELECT sc_norm(name) AS gk FROM genres) AS g ON g.gk = w.gk
)
SELECT
    CAST((SELECT coalesce(max(genre_id), 0) FROM genres)
        + row_number() OVER (ORDER BY gk) AS INTEGER),
    name,
    NULL
FROM fresh;
