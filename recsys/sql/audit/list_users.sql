-- The listeners one audited set has lists for.
SELECT DISTINCT user_id FROM recommendations WHERE run_id = $run AND $name = 'soundcheck'
UNION
SELECT DISTINCT user_id FROM audit_lists WHERE run_id = $run AND name = $name
ORDER BY user_id
