-- The first staged plays, normalised, for the import preview (user shown by pseudonym prefix).
SELECT
    file_no,
    left(pseudonym, 10) AS "user",
    ts AS start_utc,
    artist_name AS artist,
    track_title AS track,
    album,
    ms_played,
    skipped,
    coalesce(drop_reason, '') AS left_out,
    coalesce(issue, '') AS problem
FROM imp_plays
ORDER BY file_no, rowid
LIMIT $limit;
