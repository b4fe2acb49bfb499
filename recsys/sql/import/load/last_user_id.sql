-- The highest user_id before the import adds users (new users get the ids above it).
SELECT coalesce(max(user_id), 0) FROM users;
