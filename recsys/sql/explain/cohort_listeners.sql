-- Listeners of a run with their cohorts, for picking one (most active first).
SELECT user_id, country, age_group, activity_tier, mainstream_group, plays, mainstreaminess
FROM explain_users WHERE run_id = $run
ORDER BY plays DESC, user_id
