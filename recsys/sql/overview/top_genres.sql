-- Plays per genre: each artist's plays are split over its genres in proportion to the
-- artist_genres weights. $level = 'parent' rolls sub-genres up to their parent genre;
-- $level = 'sub' keeps the genre each artist is tagged with. Plays come from `listens`
-- when it has rows, otherwise from `play_counts`. `share` is over all genre-tagged plays.
WITH artist_plays AS (
    SELECT t.artist_id, count(*) AS plays
    FROM listens AS l
    JOIN tracks AS t ON t.track_id = l.track_id
    GROUP BY t.artist_id
    UNION ALL
    SELECT artist_id, sum(plays) AS plays
    FROM play_counts
    WHERE NOT EXISTS (SELECT 1 FROM listens)
    GROUP BY artist_id
),
tag_share AS (
    SELECT artist_id, genre_id, weight / sum(weight) OVER (PARTITION BY artist_id) AS share
    FROM artist_genres
    WHERE weight > 0
),
genre_plays AS (
    SELECT
        CASE WHEN $level = 'parent' THEN coalesce(g.parent_id, g.genre_id) ELSE g.genre_id END
            AS genre_id,
        sum(p.plays * s.share) AS plays,
        count(DISTINCT p.artist_id) AS artists
    FROM artist_plays AS p
    JOIN tag_share AS s ON s.artist_id = p.artist_id
    JOIN genres AS g ON g.genre_id = s.genre_id
    GROUP BY 1
)
SELECT
    gp.genre_id,
    g.name AS genre,
    gp.plays,
    gp.plays / sum(gp.plays) OVER () AS share,
    gp.artists
FROM genre_plays AS gp
JOIN genres AS g ON g.genre_id = gp.genre_id
ORDER BY gp.plays DESC, gp.genre_id
LIMIT $limit
