-- The dataset an import's rows belong to: the one imported from exactly this content before,
-- else a new number, one more than the highest so far.
SELECT coalesce(
    (SELECT min(dataset_id) FROM datasets WHERE content_hash = $content_hash),
    (SELECT coalesce(max(dataset_id), 0) + 1 FROM datasets)
);
