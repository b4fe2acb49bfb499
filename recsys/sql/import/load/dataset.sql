-- Record the import in datasets, unless the same content was imported before.
INSERT INTO datasets
    (name, grain, imported_at, source_format, row_counts, content_hash, dataset_id)
SELECT $name, $grain, $imported_at, $source_format, CAST($row_counts AS JSON), $content_hash,
    $dataset_id
WHERE NOT EXISTS (SELECT 1 FROM datasets WHERE content_hash = $content_hash);
