-- Add the users an import brings that the warehouse does not have yet (matched on pseudonym);
-- user_id is a fresh surrogate key. Attributes come from profiles, else from the plays.
INSERT INTO users (user_id, pseudonym, country, age_group, gender, signup_ts)
WITH src AS (
    SELECT pseudonym, country FROM imp_plays WHERE drop_reason IS NULL AND issue IS NULL
    UNION ALL
    SELECT pseudonym, NULL FROM imp_counts WHERE drop_reason IS NULL AND issue IS NULL
    UNION ALL
    SELECT pseudonym, NULL FROM imp_friends WHERE drop_reason IS NULL AND issue IS NULL
    UNION ALL
    SELECT friend_pseudonym, NULL FROM imp_friends WHERE drop_reason IS NULL AND issue IS NULL
    UNION ALL
    SELECT pseudonym, NULL FROM imp_profiles WHERE drop_reason IS NULL AND issue IS NULL
),
agg AS (
    SELECT pseudonym, mode(country) AS country
    FROM src
    WHERE pseudonym IS NOT NULL
    GROUP BY pseudonym
),
fresh AS (
    SELECT agg.* FROM agg ANTI JOIN users AS u ON u.pseudonym = agg.pseudonym
),
profiles AS (
    SELECT
        pseudonym,
        any_value(country) AS country,
        any_value(age_group) AS age_group,
        any_value(gender) AS gender,
        any_value(signup_ts) AS signup_ts
    FROM imp_profiles
    WHERE drop_reason IS NULL AND issue IS NULL
    GROUP BY pseudonym
)
SELECT
    (SELECT coalesce(max(user_id), 0) FROM users) + row_number() OVER (ORDER BY f.pseudonym),
    f.pseudonym,
    coalesce(p.country, f.country),
    p.age_group,
    p.gender,
    p.signup_ts
FROM fresh AS f
LEFT JOIN profiles AS p USING (pseudonym);
