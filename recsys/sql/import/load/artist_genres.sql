-- Weights are rounded to 12 decimals so that the order of a parallel sum cannot change them.
-- Artist genres weighted by their share of the artist's genre-tag applications in this import
-- (spellings of one genre summed: "Hip-Hop" and "hiphop" are hip hop); pairs the warehouse
-- already has are kept as they are.
INSERT INTO artist_genres (artist_id, genre_id, weight)
WITH g AS (
    SELECT sc_norm(name) AS gk, min(genre_id) AS genre_id FROM genres GROUP BY 1
),
tagged AS (
    SELECT s.artist_id, g.genre_id, sum(s.n) AS n
    FROM imp_tag_src AS s
    JOIN imp_tag_class AS c USING (gk)
    JOIN g ON g.gk = sc_norm(c.genre)
    WHERE c.kind = 'genre'
    GROUP BY s.artist_id, g.genre_id
),
w AS (
    SELECT artist_id, genre_id, n / sum(n) OVER (PARTITION BY artist_id) AS weight
    FROM tagged
)
SELECT w.artist_id, w.genre_id, round(w.weight, 12)
FROM w
ANTI JOIN artist_genres AS ag ON ag.artist_id = w.artist_id AND ag.genre_id = w.genre_id;
