-- Every dataset of a schema-version-1 warehouse (no dataset_id yet), numbered as the upgrade
-- will number them; which rows are whose is not known until then.
SELECT
    CAST(row_number() OVER (ORDER BY imported_at, rowid) AS INTEGER) AS dataset_id,
    name,
    source_format,
    grain,
    imported_at,
    CAST(NULL AS BIGINT) AS listens,
    CAST(NULL AS BIGINT) AS play_counts,
    CAST(NULL AS BIGINT) AS friends
FROM datasets
ORDER BY dataset_id;
