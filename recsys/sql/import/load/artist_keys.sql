-- Remember the new source keys, and the normalised names of new artists where no artist has
-- claimed that name yet (the lowest id wins), so later name-only mentions find them.
INSERT INTO item_keys
SELECT 'artist', source_key, artist_id FROM imp_artist_new
UNION ALL
SELECT 'artist', 'name:' || nk, min(artist_id)
FROM imp_artist_new
WHERE pass = 0
    AND is_new
    AND 'name:' || nk NOT IN (SELECT source_key FROM item_keys WHERE kind = 'artist')
    AND 'name:' || nk NOT IN (SELECT source_key FROM imp_artist_new)
GROUP BY nk;
