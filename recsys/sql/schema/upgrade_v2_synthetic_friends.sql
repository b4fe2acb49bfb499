-- Schema version 1 -> 2, synthetic warehouses: friendships between generated listeners (those in
-- ground_truth_users; an import never matches them) are the synthetic dataset's.
UPDATE friends SET dataset_id = d.dataset_id
FROM (SELECT max(dataset_id) AS dataset_id FROM datasets WHERE source_format = 'synthetic'
      HAVING count(*) = 1) AS d
WHERE friends.dataset_id IS NULL
    AND friends.user_id IN (SELECT user_id FROM ground_truth_users)
    AND friends.friend_id IN (SELECT user_id FROM ground_truth_users);
