-- Country and lead-voice gender inferred from the place and voice facets of the artists this
-- import tags (docs/tags.md): a value is inferred when the tags stating it hold at least
-- $min_share of the artist's tag weight and at least $min_agreement of the weight stating any
-- value of that attribute. The declared artists.country and artists.gender are not touched.
-- Shares are rounded to 12 decimals so that the order of a parallel sum cannot change them.
INSERT INTO artist_attributes_inferred
    (artist_id, attribute, value, evidence_tag, weight_share, agreement)
WITH t AS (
    SELECT
        a.artist_id,
        a.tag,
        a.value,
        a.weight / sum(a.weight) OVER (PARTITION BY a.artist_id) AS share,
        CASE
            WHEN a.value IN ('female', 'male') THEN 'gender'
            WHEN regexp_full_match(a.value, '[A-Z]{2}') THEN 'country'
        END AS attribute
    FROM artist_tags AS a
    WHERE a.artist_id IN (SELECT artist_id FROM imp_tag_src)
),
by_value AS (
    SELECT
        artist_id,
        attribute,
        value,
        sum(share) AS weight_share,
        first(tag ORDER BY share DESC, tag) AS evidence_tag
    FROM t
    WHERE attribute IS NOT NULL
    GROUP BY artist_id, attribute, value
),
scored AS (
    SELECT
        *,
        weight_share / sum(weight_share) OVER (PARTITION BY artist_id, attribute) AS agreement
    FROM by_value
)
SELECT
    artist_id, attribute, value, evidence_tag, round(weight_share, 12), round(agreement, 12)
FROM scored
-- 1e-9 of slack: a share of exactly 3 in 100 meets 0.03 whatever the float rounding
WHERE weight_share >= $min_share - 1e-9 AND agreement >= $min_agreement - 1e-9
ORDER BY artist_id, attribute;
