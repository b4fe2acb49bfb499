-- Every candidate of one listener in a run, best first.
SELECT * EXCLUDE (run_id) FROM explain_candidates
WHERE run_id = $run AND user_id = $user
ORDER BY rank
