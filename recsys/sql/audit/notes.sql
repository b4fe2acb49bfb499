-- What the audit of a run's sets could not figure, and why.
SELECT name, side, group_attribute, message
FROM audit_notes
WHERE run_id = $run
ORDER BY name <> 'soundcheck', name, side, group_attribute, message
