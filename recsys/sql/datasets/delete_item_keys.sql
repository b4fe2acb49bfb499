-- Forget the source keys of the tracks and artists a removal leaves unused (rm_doomed).
DELETE FROM item_keys
WHERE (kind = 'artist' AND id IN (SELECT id FROM rm_doomed WHERE kind = 'artist'))
    OR (kind = 'track' AND id IN (SELECT id FROM rm_doomed WHERE kind = 'track'));
