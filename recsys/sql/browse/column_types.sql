-- The columns of one table of the open warehouse and their DuckDB types, in DDL order.
SELECT column_name, data_type
FROM duckdb_columns()
WHERE database_name = current_database() AND schema_name = 'main' AND table_name = $table
ORDER BY column_index
