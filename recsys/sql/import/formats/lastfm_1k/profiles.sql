-- Stage Last.fm 1K's userid-profile.tsv (#id, gender, age, country, registered). Countries are
-- English names, mapped to ISO 3166-1 alpha-2 (NULL when not recognised); ages become the
-- age groups the rest of Soundcheck uses.
INSERT INTO imp_profiles
WITH src AS (
    SELECT
        id AS user_raw,
        lower(gender) AS gender_raw,
        age AS age_raw,
        country AS country_raw,
        registered AS registered_raw
    FROM sc_read_tsv(
        $path,
        {
            'id': 'VARCHAR',
            'gender': 'VARCHAR',
            'age': 'VARCHAR',
            'country': 'VARCHAR',
            'registered': 'VARCHAR'
        },
        true
    )
),
parsed AS (
    SELECT
        *,
        try_cast(age_raw AS INTEGER) AS age,
        try_strptime(registered_raw, ['%b %d, %Y', '%Y-%m-%d']) AS registered
    FROM src
),
checked AS (
    SELECT
        *,
        CASE
            WHEN user_raw IS NULL THEN '#id|missing'
            WHEN gender_raw NOT IN ('m', 'f') THEN 'gender|format'
            WHEN age_raw IS NOT NULL AND age IS NULL THEN 'age|format'
            WHEN registered_raw IS NOT NULL AND registered IS NULL THEN 'registered|format'
        END AS issue
    FROM parsed
)
SELECT
    $file_no,
    sc_pseudonym($salt, 'lastfm-1k', user_raw),
    coalesce(sc_country(country_raw), CASE WHEN regexp_full_match(upper(country_raw), '[A-Z]{2}')
        THEN upper(country_raw) END),
    CASE
        WHEN age BETWEEN 13 AND 17 THEN '13-17'
        WHEN age BETWEEN 18 AND 24 THEN '18-24'
        WHEN age BETWEEN 25 AND 34 THEN '25-34'
        WHEN age BETWEEN 35 AND 44 THEN '35-44'
        WHEN age BETWEEN 45 AND 54 THEN '45-54'
        WHEN age BETWEEN 55 AND 100 THEN '55+'
    END,
    CASE gender_raw WHEN 'm' THEN 'male' WHEN 'f' THEN 'female' END,
    registered,
    NULL,
    issue,
    left(CASE split_part(issue, '|', 1)
        WHEN 'gender' THEN gender_raw
        WHEN 'age' THEN age_raw
        WHEN 'registered' THEN registered_raw
    END, 80)
FROM checked;
