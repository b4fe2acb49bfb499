-- Remove the tracks a removal leaves unused (rm_doomed).
DELETE FROM tracks WHERE track_id IN (SELECT id FROM rm_doomed WHERE kind = 'track');
