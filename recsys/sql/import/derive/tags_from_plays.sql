-- Tags carried by staged plays (ListenBrainz additional_info.tags, a generic file's genre
-- column) and play counts (a generic file's genre column): one application per kept row.
INSERT INTO imp_tags
SELECT artist_key, artist_name, tag, count(*) AS n
FROM (
    SELECT artist_key, artist_name, unnest(tags) AS tag
    FROM imp_plays
    WHERE drop_reason IS NULL AND issue IS NULL AND tags IS NOT NULL
    UNION ALL
    SELECT artist_key, artist_name, unnest(tags) AS tag
    FROM imp_counts
    WHERE drop_reason IS NULL AND issue IS NULL AND tags IS NOT NULL
)
WHERE nullif(trim(tag), '') IS NOT NULL
GROUP BY ALL;
