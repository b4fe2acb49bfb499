-- Source keys that map to more than one artist or track (must be none).
SELECT kind, source_key, count(*) AS n
FROM item_keys
GROUP BY kind, source_key
HAVING count(*) > 1
LIMIT 5;
