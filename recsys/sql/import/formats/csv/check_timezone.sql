-- Fails when $tz is not a time zone DuckDB knows.
SELECT timezone($tz, TIMESTAMP '2000-01-01');
