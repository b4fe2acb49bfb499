-- hetrec play counts with their artist names (rows dropped or with problems stay out).
INSERT INTO imp_counts
SELECT p.file_no, p.pseudonym, p.artist_key, a.artist_name, p.plays, NULL, NULL, NULL, NULL
FROM h_plays AS p
JOIN (
    SELECT artist_key, any_value(artist_name) AS artist_name
    FROM imp_artists
    WHERE issue IS NULL
    GROUP BY artist_key
) AS a USING (artist_key)
WHERE p.drop_reason IS NULL AND p.issue IS NULL;
