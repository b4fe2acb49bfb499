-- Tags per resolved artist and normalised tag, with how often they were applied (every source
-- that carries tags stages them into imp_tags; docs/tags.md).
CREATE OR REPLACE TEMP TABLE imp_tag_src AS
SELECT
    m.artist_id,
    sc_norm(t.tag) AS gk,
    first(trim(t.tag) ORDER BY t.n DESC, trim(t.tag) <> lower(trim(t.tag)), trim(t.tag))
        AS tag_name,
    sum(t.n) AS n
FROM imp_tags AS t
JOIN imp_artist_map AS m ON m.ak = coalesce(t.artist_key, '') AND m.artist_name = t.artist_name
WHERE nullif(trim(t.tag), '') IS NOT NULL
GROUP BY m.artist_id, sc_norm(t.tag);
