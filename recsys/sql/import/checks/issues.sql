-- The problems found in the staged records: per file and kind of problem, the first record
-- (numbered from 1 within its file), the offending text and how many records have it.
WITH issues AS (
    SELECT 'imp_plays' AS tbl, file_no, rowid AS rid, issue, issue_value FROM imp_plays
    WHERE issue IS NOT NULL
    UNION ALL
    SELECT 'imp_counts', file_no, rowid, issue, issue_value FROM imp_counts WHERE issue IS NOT NULL
    UNION ALL
    SELECT 'imp_friends', file_no, rowid, issue, issue_value FROM imp_friends WHERE issue IS NOT NULL
    UNION ALL
    SELECT 'imp_profiles', file_no, rowid, issue, issue_value FROM imp_profiles
    WHERE issue IS NOT NULL
    UNION ALL
    SELECT 'imp_artists', file_no, rowid, issue, issue_value FROM imp_artists WHERE issue IS NOT NULL
    UNION ALL
    SELECT 'h_plays', file_no, rowid, issue, issue_value FROM h_plays WHERE issue IS NOT NULL
    UNION ALL
    SELECT 'h_tags', file_no, rowid, issue, issue_value FROM h_tags WHERE issue IS NOT NULL
    UNION ALL
    SELECT 'h_tagged', file_no, rowid, issue, issue_value FROM h_tagged WHERE issue IS NOT NULL
),
firsts AS (
    SELECT tbl, file_no, issue, min(rid) AS rid, arg_min(issue_value, rid) AS value, count(*) AS n
    FROM issues
    GROUP BY tbl, file_no, issue
),
bases AS (
    SELECT 'imp_plays' AS tbl, file_no, min(rowid) AS base FROM imp_plays
    WHERE file_no IN (SELECT file_no FROM firsts) GROUP BY file_no
    UNION ALL
    SELECT 'imp_counts', file_no, min(rowid) FROM imp_counts
    WHERE file_no IN (SELECT file_no FROM firsts) GROUP BY file_no
    UNION ALL
    SELECT 'imp_friends', file_no, min(rowid) FROM imp_friends GROUP BY file_no
    UNION ALL
    SELECT 'imp_profiles', file_no, min(rowid) FROM imp_profiles GROUP BY file_no
    UNION ALL
    SELECT 'imp_artists', file_no, min(rowid) FROM imp_artists GROUP BY file_no
    UNION ALL
    SELECT 'h_plays', file_no, min(rowid) FROM h_plays
    WHERE file_no IN (SELECT file_no FROM firsts) GROUP BY file_no
    UNION ALL
    SELECT 'h_tags', file_no, min(rowid) FROM h_tags GROUP BY file_no
    UNION ALL
    SELECT 'h_tagged', file_no, min(rowid) FROM h_tagged
    WHERE file_no IN (SELECT file_no FROM firsts) GROUP BY file_no
)
SELECT f.file_no, f.rid - b.base + 1 AS record, f.issue, f.value, f.n
FROM firsts AS f
JOIN bases AS b USING (tbl, file_no)
ORDER BY f.file_no, record, f.issue
LIMIT $limit;
