-- Country and age group of every listener, for the cohorts of explanations.
SELECT user_id, country, age_group FROM users
