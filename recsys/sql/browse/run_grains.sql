-- What the items of each run in $ids (a list of run ids) are: tracks or artists.
SELECT run_id, grain
FROM runs
WHERE run_id IN (SELECT unnest($ids))
