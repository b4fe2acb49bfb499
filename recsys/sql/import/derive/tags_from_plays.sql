-- Tags carried by plays (ListenBrainz additional_info.tags): one application per kept play.
INSERT INTO imp_tags
SELECT artist_key, artist_name, tag, count(*) AS n
FROM (
    SELECT artist_key, artist_name, unnest(tags) AS tag
    FROM imp_plays
    WHERE drop_reason IS NULL AND issue IS NULL AND tags IS NOT NULL
)
WHERE nullif(trim(tag), '') IS NOT NULL
GROUP BY ALL;
