-- The last play of the listening log (NULL when the data has no timestamps).
SELECT max(ts) AS log_end FROM listens
