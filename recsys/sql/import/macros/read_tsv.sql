-- The fields of a tab-separated file without quoting or escapes (Last.fm 1K, hetrec), as text:
-- trimmed, empty fields NULL. cols is the file's column list in order ({'name': 'VARCHAR', ...});
-- has_header says whether the first line names the columns. Lines DuckDB cannot split go to
-- reject_errors (recsys.io._stage reports them with file and line).
CREATE OR REPLACE TEMP MACRO sc_read_tsv(path, cols, has_header) AS TABLE
SELECT nullif(trim(COLUMNS(*)), '')
FROM read_csv(
    path,
    auto_detect = false,
    header = has_header,
    delim = '\t',
    quote = '',
    escape = '',
    store_rejects = true,
    columns = cols
);
