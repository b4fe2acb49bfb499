-- Remove the genres a removal leaves unused (rm_doomed).
DELETE FROM genres WHERE genre_id IN (SELECT id FROM rm_doomed WHERE kind = 'genre');
