-- Every dataset of the warehouse, oldest first, with the rows it holds now in each table.
SELECT
    d.dataset_id,
    d.name,
    d.source_format,
    d.grain,
    d.imported_at,
    coalesce(l.n, 0) AS listens,
    coalesce(c.n, 0) AS play_counts,
    coalesce(f.n, 0) AS friends
FROM datasets AS d
LEFT JOIN (SELECT dataset_id, count(*) AS n FROM listens GROUP BY dataset_id) AS l
    USING (dataset_id)
LEFT JOIN (SELECT dataset_id, count(*) AS n FROM play_counts GROUP BY dataset_id) AS c
    USING (dataset_id)
LEFT JOIN (SELECT dataset_id, count(*) AS n FROM friends GROUP BY dataset_id) AS f
    USING (dataset_id)
ORDER BY d.dataset_id;
