-- Schema version 1 -> 2: tie rows to their dataset where that is certain. In a warehouse of one
-- dataset every row is that dataset's; the synthetic demo's plays say so in their source
-- ('synthetic:<preset>'), and a warehouse holds at most one generated dataset.
UPDATE listens SET dataset_id = 1 WHERE (SELECT count(*) FROM datasets) = 1;
UPDATE play_counts SET dataset_id = 1 WHERE (SELECT count(*) FROM datasets) = 1;
UPDATE friends SET dataset_id = 1 WHERE (SELECT count(*) FROM datasets) = 1;
UPDATE listens SET dataset_id = d.dataset_id
FROM (SELECT max(dataset_id) AS dataset_id FROM datasets WHERE source_format = 'synthetic'
      HAVING count(*) = 1) AS d
WHERE listens.dataset_id IS NULL AND listens.source LIKE 'synthetic:%';
