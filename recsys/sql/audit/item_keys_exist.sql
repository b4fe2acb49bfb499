-- Whether the warehouse knows any source key (it holds imported data).
SELECT count(*) > 0 AS known FROM duckdb_tables()
WHERE database_name = current_database() AND schema_name = 'main' AND table_name = 'item_keys'
