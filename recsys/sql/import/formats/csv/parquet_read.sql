-- Stage one Parquet file: the mapped columns renamed to their roles by position and read as
-- text. The alias list placeholder below is replaced by role names and _skip<i> placeholders only, never by a name
-- taken from the file or the mapping (recsys.io.formats.csv checks this).
INSERT INTO g_raw BY NAME
SELECT
    CAST($file_no AS INTEGER) AS file_no,
    CAST(COLUMNS(lambda c: NOT starts_with(c, '_skip')) AS VARCHAR)
FROM read_parquet($path) AS t(/*ALIASES*/);
