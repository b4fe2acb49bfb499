-- The last play of the log (NULL for aggregate-only data).
SELECT max(ts) AS log_end FROM listens
