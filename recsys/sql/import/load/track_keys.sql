-- Remember the new source keys, and the normalised titles of new tracks per artist where no
-- track has claimed them yet.
INSERT INTO item_keys
SELECT 'track', source_key, track_id FROM imp_track_new
UNION ALL
SELECT 'track', 'name:' || artist_id || '|' || nk, min(track_id)
FROM imp_track_new
WHERE pass = 0
    AND is_new
    AND nk IS NOT NULL
    AND 'name:' || artist_id || '|' || nk NOT IN (SELECT source_key FROM item_keys WHERE kind = 'track')
    AND 'name:' || artist_id || '|' || nk NOT IN (SELECT source_key FROM imp_track_new)
GROUP BY artist_id, nk;
