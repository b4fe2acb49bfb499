-- The pseudonym of the account in a Spotify Userdata.json; only the username is read (never the
-- e-mail address or anything else), and it is hashed before it leaves DuckDB.
SELECT sc_pseudonym($salt, 'spotify', username)
FROM read_json($path, format = 'auto', records = 'true', columns = {'username': 'VARCHAR'})
LIMIT 1;
