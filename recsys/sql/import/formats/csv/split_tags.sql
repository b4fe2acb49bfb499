-- sc_split_tags(cell, seps): the tags of one genre cell of a generic file, as a list. Every
-- character of seps separates tags ('Hip-Hop; dnb|80s' with ';|,' is three tags); a cell written
-- as a list ('[rock, pop]' as a Parquet list reads, or a JSON array '["rock", "pop"]') is read as
-- its items. Items are trimmed, empty ones dropped and repeats within the cell counted once; a
-- cell with no tag left (empty, or nothing but separators) gives NULL.
CREATE OR REPLACE TEMP MACRO sc_split_tags(cell, seps) AS nullif(
    list_filter(
        list_distinct(list_transform(
            CASE
                WHEN regexp_full_match(cell, '\s*\[.*\]\s*')
                    AND try_cast(trim(cell) AS VARCHAR[]) IS NOT NULL
                    THEN try_cast(trim(cell) AS VARCHAR[])
                ELSE string_split(
                    translate(cell, seps, repeat(left(seps, 1), length(seps))), left(seps, 1)
                )
            END,
            lambda x: regexp_replace(x, '^\s+|\s+$', '', 'g')
        )),
        lambda x: x <> ''
    ),
    []
);
