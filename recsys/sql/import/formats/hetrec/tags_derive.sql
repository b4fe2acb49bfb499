-- hetrec tags per artist, weighted by how many users applied them.
INSERT INTO imp_tags
SELECT t.artist_key, a.artist_name, g.tag, count(DISTINCT t.pseudonym) AS n
FROM h_tagged AS t
JOIN (SELECT artist_key, any_value(artist_name) AS artist_name FROM imp_artists GROUP BY ALL)
    AS a USING (artist_key)
JOIN (SELECT tag_id, any_value(tag) AS tag FROM h_tags WHERE drop_reason IS NULL GROUP BY ALL)
    AS g USING (tag_id)
WHERE t.drop_reason IS NULL
GROUP BY ALL;
