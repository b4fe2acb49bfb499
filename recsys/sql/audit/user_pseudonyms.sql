-- Listeners by pseudonym, for mapping source user ids of an external list.
SELECT user_id, pseudonym FROM users WHERE pseudonym IN (SELECT pseudonym FROM _ext_users)
