-- What removing dataset $dataset_id leaves unused, as (kind, id): the listeners, tracks, artists
-- and genres that only its rows referenced. Candidates are what its plays, play counts and
-- friendships name; when it is the synthetic demo (whose catalogue and listeners exist whether
-- or not they were played) or nothing else remains, every row is a candidate. A candidate stays
-- when a remaining row uses it: a listener with a play, count or friendship of another dataset;
-- a track with another play; an artist with a remaining track or count; a genre a remaining
-- artist is tagged with, or the parent of one.
WITH RECURSIVE
gone_l AS (SELECT user_id, track_id FROM listens WHERE dataset_id = $dataset_id),
gone_c AS (SELECT user_id, artist_id FROM play_counts WHERE dataset_id = $dataset_id),
gone_f AS (SELECT user_id, friend_id FROM friends WHERE dataset_id = $dataset_id),
kept_l AS (SELECT user_id, track_id FROM listens WHERE dataset_id IS DISTINCT FROM $dataset_id),
kept_c AS (
    SELECT user_id, artist_id FROM play_counts WHERE dataset_id IS DISTINCT FROM $dataset_id
),
kept_f AS (SELECT user_id, friend_id FROM friends WHERE dataset_id IS DISTINCT FROM $dataset_id),
scope AS (
    SELECT
        coalesce(
            (SELECT bool_or(source_format = 'synthetic') FROM datasets
             WHERE dataset_id = $dataset_id),
            false
        )
        OR NOT (
            EXISTS (SELECT 1 FROM kept_l) OR EXISTS (SELECT 1 FROM kept_c)
            OR EXISTS (SELECT 1 FROM kept_f)
        ) AS everything
),
users_gone AS (
    SELECT user_id FROM (
        SELECT user_id FROM gone_l
        UNION SELECT user_id FROM gone_c
        UNION SELECT user_id FROM gone_f
        UNION SELECT friend_id FROM gone_f
        UNION SELECT user_id FROM users WHERE (SELECT everything FROM scope)
    )
    EXCEPT (
        SELECT user_id FROM kept_l
        UNION SELECT user_id FROM kept_c
        UNION SELECT user_id FROM kept_f
        UNION SELECT friend_id FROM kept_f
    )
),
tracks_gone AS (
    SELECT track_id FROM (
        SELECT track_id FROM gone_l
        UNION SELECT track_id FROM tracks WHERE (SELECT everything FROM scope)
    )
    EXCEPT SELECT track_id FROM kept_l
),
artists_gone AS (
    SELECT artist_id FROM (
        SELECT t.artist_id FROM tracks AS t JOIN tracks_gone USING (track_id)
        UNION SELECT artist_id FROM gone_c
        UNION SELECT artist_id FROM artists WHERE (SELECT everything FROM scope)
    )
    EXCEPT (
        SELECT artist_id FROM tracks WHERE track_id NOT IN (SELECT track_id FROM tracks_gone)
        UNION SELECT artist_id FROM kept_c
    )
),
genres_kept(genre_id) AS (
    SELECT genre_id FROM artist_genres
    WHERE artist_id NOT IN (SELECT artist_id FROM artists_gone)
    UNION
    SELECT g.parent_id FROM genres AS g JOIN genres_kept AS k ON g.genre_id = k.genre_id
    WHERE g.parent_id IS NOT NULL
),
genres_named(genre_id) AS (
    SELECT genre_id FROM artist_genres WHERE artist_id IN (SELECT artist_id FROM artists_gone)
    UNION SELECT genre_id FROM genres WHERE (SELECT everything FROM scope)
    UNION
    SELECT g.parent_id FROM genres AS g JOIN genres_named AS n ON g.genre_id = n.genre_id
    WHERE g.parent_id IS NOT NULL
),
genres_gone AS (
    SELECT genre_id FROM genres_named EXCEPT SELECT genre_id FROM genres_kept
)
SELECT 'user' AS kind, user_id AS id FROM users_gone
UNION ALL SELECT 'track', track_id FROM tracks_gone
UNION ALL SELECT 'artist', artist_id FROM artists_gone
UNION ALL SELECT 'genre', genre_id FROM genres_gone
ORDER BY kind, id;
