-- Each listener's k heaviest sub-genres in the planted truth (synthetic warehouses only).
SELECT user_id, genre_id
FROM (
    SELECT user_id, genre_id,
           row_number() OVER (PARTITION BY user_id ORDER BY weight DESC, genre_id) AS r
    FROM ground_truth_user_taste
)
WHERE r <= $k
ORDER BY user_id, r
