-- Each listener's country (NULL when unknown): the country communities.
SELECT user_id, country FROM users ORDER BY user_id
