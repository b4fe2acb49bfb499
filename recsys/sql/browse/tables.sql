-- Every table of the open warehouse (schema main), so the browser offers only tables it has.
SELECT table_name
FROM duckdb_tables()
WHERE database_name = current_database() AND schema_name = 'main'
ORDER BY table_name
