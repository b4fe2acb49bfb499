-- Grain of the newest dataset, and how much event and aggregate data there is.
SELECT (SELECT grain FROM datasets ORDER BY imported_at DESC LIMIT 1) AS grain,
       (SELECT count(*) FROM listens) AS n_listens,
       (SELECT count(*) FROM play_counts) AS n_counts
