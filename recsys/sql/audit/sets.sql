-- The sets of lists audited for a run, Soundcheck's own first, then by name.
SELECT name, kind, source, rows, users, items, test_window, created_at, config
FROM audit_sets
WHERE run_id = $run
ORDER BY kind = 'external', name
