-- Parse staged generic rows into plays. $ts_mode is 'iso', 'epoch_s', 'epoch_ms' or 'format'
-- (then $ts_format is a strptime pattern); times without an offset are in $timezone; when
-- $ts_is_end the time is the end of the play and ms_played is subtracted. The genre cell's tags
-- (split on the characters of $genre_seps by sc_split_tags) go with the play.
INSERT INTO imp_plays
WITH src AS (
    SELECT
        file_no,
        nullif(trim("user"), '') AS user_raw,
        nullif(trim(ts), '') AS ts_raw,
        nullif(trim(artist), '') AS artist,
        nullif(trim(track), '') AS track,
        nullif(trim(album), '') AS album,
        nullif(trim(ms_played), '') AS ms_raw,
        nullif(trim(skipped), '') AS skipped_raw,
        nullif(trim(artist_mbid), '') AS am_raw,
        nullif(trim(track_mbid), '') AS tm_raw,
        nullif(trim(duration_ms), '') AS dur_raw,
        sc_split_tags(genre, $genre_seps) AS tags
    FROM g_raw
),
parsed AS (
    SELECT
        *,
        CASE $ts_mode
            WHEN 'epoch_s' THEN CASE WHEN try_cast(ts_raw AS DOUBLE) BETWEEN 0 AND 4102444800
                THEN make_timestamp(CAST(try_cast(ts_raw AS DOUBLE) * 1000000 AS BIGINT)) END
            WHEN 'epoch_ms' THEN CASE WHEN try_cast(ts_raw AS DOUBLE) BETWEEN 0 AND 4102444800000
                THEN make_timestamp(CAST(try_cast(ts_raw AS DOUBLE) * 1000 AS BIGINT)) END
            WHEN 'iso' THEN CASE
                WHEN regexp_matches(ts_raw, '\d:\d\d(:\d\d(\.\d+)?)?\s*(Z|[+-]\d\d(:?\d\d)?)$')
                    THEN timezone('UTC', try_cast(ts_raw AS TIMESTAMPTZ))
                ELSE timezone('UTC', timezone($timezone, try_cast(ts_raw AS TIMESTAMP)))
            END
            ELSE timezone('UTC', timezone($timezone, try_strptime(ts_raw, $ts_format)))
        END AS ts_at,
        coalesce(try_cast(ms_raw AS BIGINT), CASE WHEN ms_raw IS NULL THEN 0 END) AS ms,
        try_cast(skipped_raw AS BOOLEAN) AS skip,
        sc_mbid(am_raw) AS am,
        sc_mbid(tm_raw) AS tm,
        try_cast(dur_raw AS BIGINT) AS duration_ms
    FROM src
),
checked AS (
    SELECT
        *,
        CASE
            WHEN $has_user AND user_raw IS NULL THEN 'user|missing'
            WHEN ts_raw IS NULL THEN 'ts|missing'
            WHEN ts_at IS NULL THEN 'ts|format'
            WHEN ts_at NOT BETWEEN TIMESTAMP '1970-01-01' AND TIMESTAMP '2100-01-01' THEN 'ts|range'
            WHEN ms IS NULL THEN 'ms_played|format'
            WHEN ms < 0 THEN 'ms_played|negative'
            WHEN ms > 2147483647 THEN 'ms_played|range'
            WHEN skipped_raw IS NOT NULL AND skip IS NULL THEN 'skipped|format'
            WHEN am_raw IS NOT NULL AND am IS NULL THEN 'artist_mbid|format'
            WHEN tm_raw IS NOT NULL AND tm IS NULL THEN 'track_mbid|format'
            WHEN dur_raw IS NOT NULL AND duration_ms IS NULL THEN 'duration_ms|format'
            WHEN duration_ms < 0 THEN 'duration_ms|negative'
            WHEN duration_ms > 2147483647 THEN 'duration_ms|range'
        END AS issue
    FROM parsed
)
SELECT
    file_no,
    CASE WHEN $has_user THEN sc_pseudonym($salt, 'csv', user_raw)
        ELSE CAST($user_pseudonym AS VARCHAR) END,
    CASE WHEN $ts_is_end THEN ts_at - to_milliseconds(ms) ELSE ts_at END,
    ms,
    skip,
    'mbid:' || am,
    artist,
    'mbid:' || tm,
    track,
    album,
    duration_ms,
    NULL,
    tags,
    CASE WHEN artist IS NULL OR track IS NULL THEN 'no track metadata' END,
    issue,
    left(CASE split_part(issue, '|', 1)
        WHEN 'ts' THEN ts_raw
        WHEN 'ms_played' THEN ms_raw
        WHEN 'skipped' THEN skipped_raw
        WHEN 'artist_mbid' THEN am_raw
        WHEN 'track_mbid' THEN tm_raw
        WHEN 'duration_ms' THEN dur_raw
    END, 80)
FROM checked;
