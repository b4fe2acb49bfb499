-- The test window's relevant pairs of a run, as its evaluation used them.
SELECT user_id, item_id, weight FROM audit_test_truth WHERE run_id = $run ORDER BY user_id, item_id
