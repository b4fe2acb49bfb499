-- Stage one generic CSV/TSV file: every column as text, the mapped ones renamed to their roles
-- through the positional column list (unmapped columns are named _skip<i> and left out).
INSERT INTO g_raw BY NAME
SELECT CAST($file_no AS INTEGER) AS file_no, COLUMNS(lambda c: NOT starts_with(c, '_skip'))
FROM read_csv(
    $path,
    auto_detect = false,
    header = true,
    delim = $delim,
    quote = $quote,
    escape = $escape,
    store_rejects = true,
    columns = $columns
);
