-- The dialect and header of a generic CSV/TSV file, as DuckDB's sniffer sees it.
SELECT Delimiter, Quote, Escape, HasHeader, list_transform(Columns, lambda c: c.name) AS names
FROM sniff_csv($path, sample_size = 20480);
