-- Every distinct track mention of the kept plays, with its resolved artist.
CREATE OR REPLACE TEMP TABLE imp_track_src AS
SELECT
    s.artist_key,
    s.artist_name,
    s.track_key,
    s.track_title,
    m.artist_id,
    sc_norm(s.track_title) AS nk,
    s.album,
    s.duration_ms,
    s.n
FROM (
    SELECT
        artist_key,
        artist_name,
        track_key,
        track_title,
        max(album) AS album,
        max(duration_ms) AS duration_ms,
        count(*) AS n
    FROM imp_plays
    WHERE drop_reason IS NULL AND issue IS NULL
    GROUP BY artist_key, artist_name, track_key, track_title
) AS s
JOIN imp_artist_map AS m ON m.ak = coalesce(s.artist_key, '') AND m.artist_name = s.artist_name;
