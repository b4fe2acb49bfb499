-- Stage hetrec2011-lastfm-2k artists.dat (id, name, url, pictureURL; tab-separated, header).
-- hetrec artist ids are local to the dataset: they become 'hetrec:<id>' source keys.
-- $columns is the file's column list in order, bound by recsys.io.formats.hetrec.
INSERT INTO imp_artists
WITH src AS (
    SELECT id AS id_raw, name
    FROM sc_read_tsv($path, $columns, true)
),
checked AS (
    SELECT
        *,
        try_cast(id_raw AS BIGINT) AS id,
        CASE
            WHEN id_raw IS NULL THEN 'id|missing'
            WHEN try_cast(id_raw AS BIGINT) IS NULL THEN 'id|format'
            WHEN name IS NULL THEN 'name|missing'
        END AS issue
    FROM src
)
SELECT
    $file_no,
    'hetrec:' || id,
    name,
    NULL,
    issue,
    left(CASE split_part(issue, '|', 1) WHEN 'id' THEN id_raw END, 80)
FROM checked;
