-- The listeners of a run in one cohort ($value of the dimension $dimension, a column of
-- explain_users named in recsys.explain.COHORT_LABELS; 'unknown' for a value not known),
-- most active first, as explain/cohort_listeners lists them.
SELECT user_id, country, age_group, activity_tier, mainstream_group, plays, mainstreaminess
FROM explain_users
WHERE run_id = $run
  AND coalesce(
        CASE $dimension
            WHEN 'mainstream_group' THEN mainstream_group
            WHEN 'activity_tier' THEN activity_tier
            WHEN 'country' THEN country
            WHEN 'age_group' THEN age_group
        END,
        'unknown'
    ) = $value
ORDER BY plays DESC, user_id
