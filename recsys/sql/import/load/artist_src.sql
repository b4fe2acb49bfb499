-- Every distinct (source key, spelling) of an artist the import mentions, with how often.
CREATE OR REPLACE TEMP TABLE imp_artist_src AS
WITH raw AS (
    SELECT artist_key, artist_name, count(*) AS n FROM imp_plays
    WHERE drop_reason IS NULL AND issue IS NULL GROUP BY ALL
    UNION ALL
    SELECT artist_key, artist_name, count(*) FROM imp_counts
    WHERE drop_reason IS NULL AND issue IS NULL GROUP BY ALL
    UNION ALL
    SELECT artist_key, artist_name, sum(n) FROM imp_tags GROUP BY ALL
    UNION ALL
    SELECT artist_key, artist_name, 0 FROM imp_artists WHERE drop_reason IS NULL AND issue IS NULL
)
SELECT artist_key, artist_name, sc_norm(artist_name) AS nk, n
FROM (
    SELECT artist_key, artist_name, sum(n) AS n
    FROM raw
    WHERE artist_name IS NOT NULL
    GROUP BY artist_key, artist_name
);
