-- Fill attributes an earlier import left unknown for users a profile file now describes.
UPDATE users
SET
    country = coalesce(users.country, p.country),
    age_group = coalesce(users.age_group, p.age_group),
    gender = coalesce(users.gender, p.gender),
    signup_ts = coalesce(users.signup_ts, p.signup_ts)
FROM (
    SELECT
        pseudonym,
        any_value(country) AS country,
        any_value(age_group) AS age_group,
        any_value(gender) AS gender,
        any_value(signup_ts) AS signup_ts
    FROM imp_profiles
    WHERE drop_reason IS NULL AND issue IS NULL
    GROUP BY pseudonym
) AS p
WHERE users.pseudonym = p.pseudonym
    AND (
        (users.country IS NULL AND p.country IS NOT NULL)
        OR (users.age_group IS NULL AND p.age_group IS NOT NULL)
        OR (users.gender IS NULL AND p.gender IS NOT NULL)
        OR (users.signup_ts IS NULL AND p.signup_ts IS NOT NULL)
    );
