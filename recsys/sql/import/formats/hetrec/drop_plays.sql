-- Mark hetrec play counts whose artist is missing from artists.dat (kept out, counted).
UPDATE h_plays
SET drop_reason = 'artist not in artists.dat'
WHERE artist_key NOT IN (SELECT artist_key FROM imp_artists WHERE artist_key IS NOT NULL);
