-- The first staged play counts, for the import preview (user shown by pseudonym prefix).
SELECT
    file_no,
    left(pseudonym, 10) AS "user",
    artist_name AS artist,
    plays,
    coalesce(drop_reason, '') AS left_out,
    coalesce(issue, '') AS problem
FROM imp_counts
ORDER BY file_no, rowid
LIMIT $limit;
