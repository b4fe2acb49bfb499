-- Declared listener attributes (NULL where the source does not say).
SELECT user_id, country, age_group, gender FROM users ORDER BY user_id
