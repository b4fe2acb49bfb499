-- Part of the re-ranker's features computed once per cutoff (see model/features.sql): the
-- same for every batch of listeners, as they read the whole history.
-- Inputs: temp table `history` (nothing at or after $cutoff).
CREATE OR REPLACE TEMP TABLE item_stats AS
SELECT item_id,
       sum(weight) AS plays,
       sum(weight) FILTER (WHERE ts >= $cutoff::TIMESTAMP - INTERVAL 28 DAY) AS recent,
       sum(weight) FILTER (WHERE ts >= $cutoff::TIMESTAMP - INTERVAL 56 DAY
                             AND ts < $cutoff::TIMESTAMP - INTERVAL 28 DAY) AS previous,
       (sum(skipped::INT) + 1.0) / (count(skipped) + 5.0) AS skip_rate,
       count(DISTINCT user_id) AS listeners
FROM history GROUP BY item_id
