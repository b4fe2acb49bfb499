-- The cohorts of one dimension ($dimension: a column of explain_users named in
-- recsys.explain.COHORT_LABELS) among a run's listeners, largest first, then by name;
-- 'unknown' for listeners whose value is not known.
WITH cohorts AS (
    SELECT coalesce(
        CASE $dimension
            WHEN 'mainstream_group' THEN mainstream_group
            WHEN 'activity_tier' THEN activity_tier
            WHEN 'country' THEN country
            WHEN 'age_group' THEN age_group
        END,
        'unknown'
    ) AS cohort
    FROM explain_users
    WHERE run_id = $run
)
SELECT cohort, count(*) AS listeners
FROM cohorts
GROUP BY cohort
ORDER BY listeners DESC, cohort
