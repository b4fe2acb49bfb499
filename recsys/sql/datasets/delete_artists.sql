-- Remove the artists a removal leaves unused (rm_doomed).
DELETE FROM artists WHERE artist_id IN (SELECT id FROM rm_doomed WHERE kind = 'artist');
