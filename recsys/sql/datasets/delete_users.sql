-- Remove the listeners a removal leaves without any play, count or friendship (rm_doomed).
DELETE FROM users WHERE user_id IN (SELECT id FROM rm_doomed WHERE kind = 'user');
