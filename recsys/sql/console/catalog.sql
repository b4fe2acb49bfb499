-- Every table of the open warehouse (schema main) and its columns with their types, for the
-- list beside the SQL console; columns in DDL order.
SELECT table_name AS "table", column_name AS "column", data_type AS "type"
FROM duckdb_columns()
WHERE database_name = current_database() AND schema_name = 'main'
ORDER BY table_name, column_index
