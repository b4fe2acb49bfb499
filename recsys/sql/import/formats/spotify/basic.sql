-- Stage one file of Spotify's basic account-data history (StreamingHistory*.json): a JSON
-- array of {endTime, artistName, trackName, msPlayed}; endTime is the END of the play, in UTC.
INSERT INTO imp_plays
WITH src AS (
    SELECT
        nullif(trim(endTime), '') AS ts_raw,
        nullif(trim(msPlayed), '') AS ms_raw,
        nullif(trim(trackName), '') AS track,
        nullif(trim(artistName), '') AS artist
    FROM read_json(
        $path,
        format = 'array',
        records = 'true',
        columns = {
            'endTime': 'VARCHAR',
            'artistName': 'VARCHAR',
            'trackName': 'VARCHAR',
            'msPlayed': 'VARCHAR'
        }
    )
),
parsed AS (
    SELECT
        *,
        try_strptime(ts_raw, ['%Y-%m-%d %H:%M', '%Y-%m-%d %H:%M:%S', '%Y-%m-%dT%H:%M:%SZ'])
            AS ts_end,
        try_cast(ms_raw AS BIGINT) AS ms
    FROM src
),
checked AS (
    SELECT
        *,
        CASE
            WHEN ts_raw IS NULL AND ms_raw IS NULL AND track IS NULL AND artist IS NULL
                THEN 'record|shape'
            WHEN ts_raw IS NULL THEN 'endTime|missing'
            WHEN ts_end IS NULL THEN 'endTime|format'
            WHEN ts_end NOT BETWEEN TIMESTAMP '1970-01-01' AND TIMESTAMP '2100-01-01'
                THEN 'endTime|range'
            WHEN ms_raw IS NULL THEN 'msPlayed|missing'
            WHEN ms IS NULL THEN 'msPlayed|format'
            WHEN ms < 0 THEN 'msPlayed|negative'
            WHEN ms > 2147483647 THEN 'msPlayed|range'
        END AS issue
    FROM parsed
)
SELECT
    $file_no,
    CAST($user_pseudonym AS VARCHAR),
    ts_end - to_milliseconds(ms),
    ms,
    NULL,
    NULL,
    artist,
    NULL,
    track,
    NULL,
    NULL,
    NULL,
    NULL,
    CASE
        WHEN CAST($drop_all AS VARCHAR) IS NOT NULL THEN CAST($drop_all AS VARCHAR)
        WHEN track IS NULL OR artist IS NULL THEN 'no track metadata'
    END,
    issue,
    left(CASE split_part(issue, '|', 1)
        WHEN 'endTime' THEN ts_raw
        WHEN 'msPlayed' THEN ms_raw
    END, 80)
FROM checked;
