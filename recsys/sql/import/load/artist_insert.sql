-- Insert the new artists (attributes the sources do not give stay NULL).
INSERT INTO artists (artist_id, name) SELECT artist_id, name FROM imp_artist_new WHERE is_new;
