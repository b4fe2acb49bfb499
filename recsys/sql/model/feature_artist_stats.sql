-- Part of the re-ranker's features computed once per cutoff (see model/features.sql): the
-- same for every batch of listeners, as they read the whole history.
-- Inputs: temp table `history` (nothing at or after $cutoff), view `items`.
CREATE OR REPLACE TEMP TABLE artist_stats AS
WITH h AS (
    SELECT h.*, i.artist_id FROM history h JOIN items i USING (item_id)
)
SELECT artist_id, sum(weight) AS plays,
       sum(weight) FILTER (WHERE ts >= $cutoff::TIMESTAMP - INTERVAL 28 DAY) AS recent
FROM h GROUP BY artist_id
