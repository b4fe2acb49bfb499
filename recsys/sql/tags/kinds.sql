-- Distinct normalised tags and (artist, tag) pairs of each kind, with the five most used tags.
WITH per_tag AS (
    SELECT kind, lower(regexp_replace(trim(tag), '\s+', ' ', 'g')) AS tag, count(*) AS n
    FROM artist_tags
    GROUP BY ALL
)
SELECT kind, count(*) AS tags, sum(n) AS pairs, list(tag ORDER BY n DESC, tag)[1:5] AS most_used
FROM per_tag
GROUP BY kind
ORDER BY kind;
