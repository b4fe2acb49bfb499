-- Part of the re-ranker's features computed once per cutoff (see model/features.sql): the
-- same for every batch of listeners, as they read the whole history.
-- Inputs: temp table `history` (nothing at or after $cutoff).
CREATE OR REPLACE TEMP TABLE country_item AS
SELECT u.country, h.item_id,
       sum(h.weight) / sum(sum(h.weight)) OVER (PARTITION BY u.country) AS share
FROM history h JOIN users u USING (user_id)
WHERE u.country IS NOT NULL
  AND ($cutoff::TIMESTAMP IS NULL OR h.ts >= $cutoff::TIMESTAMP - INTERVAL 56 DAY)
GROUP BY u.country, h.item_id
