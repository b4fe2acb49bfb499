-- Per file: friendship rows repeated in the import, and pairs the warehouse already had.
WITH candidates AS (
    SELECT file_no, count(*) AS n
    FROM imp_friends
    WHERE drop_reason IS NULL AND issue IS NULL
    GROUP BY file_no
),
owned AS (
    SELECT file_no, count(*) AS n, count(*) FILTER (WHERE existing) AS existing
    FROM imp_friend_new
    GROUP BY file_no
)
SELECT c.file_no, c.n - coalesce(o.n, 0) AS duplicate, coalesce(o.existing, 0) AS already
FROM candidates AS c
LEFT JOIN owned AS o USING (file_no);
