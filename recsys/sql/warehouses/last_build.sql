-- When the newest model run of the warehouse was built (UTC); NULL when there is none.
SELECT max(created_at) FROM runs;
