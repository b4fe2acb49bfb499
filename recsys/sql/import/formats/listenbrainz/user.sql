-- The pseudonym of the account in a ListenBrainz export's user.json (only the user name is read,
-- and it is hashed before it leaves DuckDB).
SELECT sc_pseudonym($salt, 'listenbrainz', coalesce(username, user_name))
FROM read_json(
    $path,
    format = 'auto',
    records = 'true',
    columns = {'username': 'VARCHAR', 'user_name': 'VARCHAR'}
)
LIMIT 1;
