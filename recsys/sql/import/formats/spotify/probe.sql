-- Whether a Spotify history file of an unknown name is the basic kind (endTime, not ts).
SELECT count(endTime) > count(ts)
FROM (
    SELECT *
    FROM read_json(
        $path,
        format = 'array',
        records = 'true',
        columns = {'ts': 'VARCHAR', 'endTime': 'VARCHAR'}
    )
    LIMIT 100
);
