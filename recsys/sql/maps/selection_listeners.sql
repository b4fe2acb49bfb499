-- Listeners of a set of artists ($artist_ids) by country and by age group, beside every
-- listener, for the selection's listener groups (listens at either grain, and play counts).
WITH played AS (
    SELECT DISTINCT l.user_id
    FROM listens l JOIN tracks t USING (track_id)
    WHERE list_contains($artist_ids, t.artist_id)
    UNION
    SELECT DISTINCT user_id FROM play_counts
    WHERE plays > 0 AND list_contains($artist_ids, artist_id)
),
everyone AS (
    SELECT DISTINCT user_id FROM listens
    UNION
    SELECT DISTINCT user_id FROM play_counts
),
grouped AS (
    SELECT 'country' AS attribute, coalesce(u.country, 'unknown') AS "group",
           e.user_id, p.user_id IS NOT NULL AS selected
    FROM everyone e JOIN users u USING (user_id) LEFT JOIN played p USING (user_id)
    UNION ALL
    SELECT 'age_group', coalesce(u.age_group, 'unknown'), e.user_id, p.user_id IS NOT NULL
    FROM everyone e JOIN users u USING (user_id) LEFT JOIN played p USING (user_id)
)
SELECT attribute, "group", count(*) FILTER (WHERE selected)::BIGINT AS listeners,
       count(*)::BIGINT AS all_listeners
FROM grouped
GROUP BY ALL
ORDER BY attribute, listeners DESC, "group"
