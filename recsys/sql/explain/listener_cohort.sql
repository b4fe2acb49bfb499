-- One listener's cohorts in a run (no row: the listener has no candidates in it).
SELECT u.user_id, u.country, u.age_group, u.activity_tier, u.mainstream_group, u.plays,
       u.mainstreaminess, u.candidates
FROM explain_users u WHERE u.run_id = $run AND u.user_id = $user
