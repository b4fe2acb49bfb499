-- Stage hetrec tags.dat (tagID, tagValue; the real file is Latin-1, read after transcoding).
-- $columns is the file's column list in order, bound by recsys.io.formats.hetrec.
INSERT INTO h_tags
WITH src AS (
    SELECT tagID AS id_raw, tagValue AS tag
    FROM sc_read_tsv($path, $columns, true)
)
SELECT
    $file_no,
    try_cast(id_raw AS BIGINT),
    tag,
    CASE WHEN tag IS NULL THEN 'empty tag' END,
    CASE
        WHEN id_raw IS NULL THEN 'tagID|missing'
        WHEN try_cast(id_raw AS BIGINT) IS NULL THEN 'tagID|format'
    END,
    left(id_raw, 80)
FROM src;
