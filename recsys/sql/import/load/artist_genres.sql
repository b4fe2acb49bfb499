-- Artist genres weighted by each tag's share of the artist's tag applications in this import;
-- pairs the warehouse already has are kept as they are.
INSERT INTO artist_genres (artist_id, genre_id, weight)
WITH g AS (
    SELECT sc_norm(name) AS gk, min(genre_id) AS genre_id FROM genres GROUP BY 1
),
w AS (
    SELECT s.artist_id, g.genre_id, s.n / sum(s.n) OVER (PARTITION BY s.artist_id) AS weight
    FROM imp_tag_src AS s
    JOIN g USING (gk)
)
SELECT w.artist_id, w.genre_id, w.weight
FROM w
ANTI JOIN artist_genres AS ag ON ag.artist_id = w.artist_id AND ag.genre_id = w.genre_id;
