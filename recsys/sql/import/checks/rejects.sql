-- The lines DuckDB's CSV reader could not parse in the last read, first line first, with how
-- many distinct lines failed.
SELECT
    line,
    column_name,
    error_type,
    error_message,
    (SELECT count(DISTINCT line) FROM reject_errors) AS n
FROM reject_errors
ORDER BY line, column_idx
LIMIT 5;
