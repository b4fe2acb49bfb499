-- Mark hetrec tag applications whose artist or tag is unknown (kept out, counted).
UPDATE h_tagged
SET drop_reason = CASE
    WHEN artist_key NOT IN (SELECT artist_key FROM imp_artists WHERE artist_key IS NOT NULL)
        THEN 'artist not in artists.dat'
    ELSE 'tag not in tags.dat'
END
WHERE artist_key NOT IN (SELECT artist_key FROM imp_artists WHERE artist_key IS NOT NULL)
    OR tag_id NOT IN (SELECT tag_id FROM h_tags WHERE tag_id IS NOT NULL AND drop_reason IS NULL);
