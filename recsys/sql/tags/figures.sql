-- What the tag normalisation made of the warehouse's tags (docs/tags.md, "Figures"): raw tags
-- (distinct normalised tags, which the flat import made into as many genres), genres with and
-- without a parent, artists tagged and with a canonical genre, opinion tags dropped, and
-- artists with an inferred gender or country.
WITH tagged AS (
    SELECT DISTINCT artist_id FROM artist_tags
)
SELECT
    (SELECT count(DISTINCT lower(regexp_replace(trim(tag), '\s+', ' ', 'g'))) FROM artist_tags)
        AS raw_tags,
    (SELECT count(DISTINCT lower(regexp_replace(trim(tag), '\s+', ' ', 'g')))
        FROM artist_tags WHERE kind = 'genre') AS genre_tags,
    (SELECT count(*) FROM genres) AS genres,
    (SELECT count(*) FROM genres WHERE parent_id IS NOT NULL) AS sub_genres,
    (SELECT count(*) FROM genres AS g
        WHERE g.parent_id IS NULL
            AND EXISTS (SELECT 1 FROM genres AS c WHERE c.parent_id = g.genre_id)) AS parents,
    (SELECT count(*) FROM tagged) AS tagged_artists,
    (SELECT count(DISTINCT a.artist_id) FROM artist_genres AS a
        SEMI JOIN tagged USING (artist_id)) AS artists_with_genre,
    (SELECT count(DISTINCT lower(regexp_replace(trim(tag), '\s+', ' ', 'g')))
        FROM artist_tags WHERE kind = 'opinion') AS opinion_tags,
    (SELECT count(*) FROM artist_tags WHERE kind = 'opinion') AS opinion_pairs,
    (SELECT count(DISTINCT lower(regexp_replace(trim(tag), '\s+', ' ', 'g')))
        FROM artist_tags WHERE kind = 'unknown') AS unknown_tags,
    (SELECT count(*) FROM artist_attributes_inferred WHERE attribute = 'gender')
        AS inferred_gender,
    (SELECT count(*) FROM artist_attributes_inferred WHERE attribute = 'country')
        AS inferred_country;
