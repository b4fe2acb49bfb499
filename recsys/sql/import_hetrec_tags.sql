-- Stage hetrec tags.dat (tagID, tagValue; the real file is Latin-1, read after transcoding).
INSERT INTO h_tags
WITH src AS (
    SELECT nullif(trim(tagID), '') AS id_raw, nullif(trim(tagValue), '') AS tag
    FROM read_csv(
        $path,
        auto_detect = false,
        header = true,
        delim = '\t',
        quote = '',
        escape = '',
        store_rejects = true,
        columns = {'tagID': 'VARCHAR', 'tagValue': 'VARCHAR'}
    )
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
