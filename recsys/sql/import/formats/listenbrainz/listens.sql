-- Stage one ListenBrainz file: an export's listens/<year>/<month>.jsonl or a dump's *.listens
-- (one JSON listen a line), or an older export's JSON array. listened_at is the START of the
-- play (Unix seconds, UTC). Only the fields named here are read: submission clients, player
-- names and other additional_info never leave the file; the user name is hashed on the way in.
INSERT INTO imp_plays
WITH src AS (
    SELECT
        nullif(trim(listened_at), '') AS ts_raw,
        coalesce(user_name, username) AS user_name,
        track_metadata AS tm,
        track_metadata.additional_info AS info,
        track_metadata.mbid_mapping AS mapping
    FROM read_json(
        $path,
        format = $json_format,
        records = 'true',
        columns = {
            'listened_at': 'VARCHAR',
            'user_name': 'VARCHAR',
            'username': 'VARCHAR',
            'track_metadata': 'STRUCT(
                artist_name VARCHAR,
                track_name VARCHAR,
                release_name VARCHAR,
                additional_info STRUCT(
                    recording_mbid VARCHAR,
                    artist_mbids VARCHAR,
                    duration_ms VARCHAR,
                    spotify_id VARCHAR,
                    tags VARCHAR
                ),
                mbid_mapping STRUCT(recording_mbid VARCHAR, artist_mbids VARCHAR)
            )'
        }
    )
),
extracted AS (
    SELECT
        ts_raw,
        user_name,
        tm,
        nullif(trim(tm.artist_name), '') AS artist,
        nullif(trim(tm.track_name), '') AS track,
        nullif(trim(tm.release_name), '') AS album,
        sc_mbid(coalesce(mapping.recording_mbid, info.recording_mbid)) AS recording_mbid,
        -- artist_mbids is a JSON array, or from some clients a comma-separated string
        sc_mbid(coalesce(
            CASE WHEN json_valid(mapping.artist_mbids)
                THEN json_extract_string(mapping.artist_mbids, '$[0]') END,
            CASE WHEN json_valid(info.artist_mbids)
                THEN json_extract_string(info.artist_mbids, '$[0]')
                ELSE split_part(info.artist_mbids, ',', 1) END
        )) AS artist_mbid,
        nullif(trim(info.duration_ms), '') AS duration_raw,
        regexp_extract(info.spotify_id, '([A-Za-z0-9]{22})$', 1) AS spotify_id,
        CASE
            WHEN json_valid(info.tags) AND starts_with(info.tags, '[')
                THEN try_cast(CAST(info.tags AS JSON) AS VARCHAR[])
            WHEN info.tags IS NOT NULL THEN [info.tags]
        END AS tags,
        coalesce(
            CASE WHEN try_cast(ts_raw AS DOUBLE) BETWEEN 0 AND 4102444800
                THEN make_timestamp(CAST(try_cast(ts_raw AS DOUBLE) * 1000000 AS BIGINT)) END,
            try_strptime(ts_raw, ['%Y-%m-%dT%H:%M:%SZ', '%Y-%m-%dT%H:%M:%S.%fZ'])
        ) AS ts,
        try_cast(ts_raw AS DOUBLE) IS NOT NULL AS ts_numeric
    FROM src
),
parsed AS (
    SELECT *, try_cast(duration_raw AS BIGINT) AS duration_ms FROM extracted
),
checked AS (
    SELECT
        *,
        CASE
            WHEN ts_raw IS NULL AND tm IS NULL THEN 'record|shape'
            WHEN ts_raw IS NULL THEN 'listened_at|missing'
            WHEN ts IS NULL AND ts_numeric THEN 'listened_at|range'
            WHEN ts IS NULL THEN 'listened_at|format'
            WHEN tm IS NULL THEN 'track_metadata|missing'
            WHEN artist IS NULL THEN 'track_metadata.artist_name|missing'
            WHEN track IS NULL THEN 'track_metadata.track_name|missing'
            WHEN duration_raw IS NOT NULL AND duration_ms IS NULL
                THEN 'track_metadata.additional_info.duration_ms|format'
            WHEN duration_ms < 0 THEN 'track_metadata.additional_info.duration_ms|negative'
            WHEN duration_ms > 2147483647 THEN 'track_metadata.additional_info.duration_ms|range'
        END AS issue
    FROM parsed
)
SELECT
    $file_no,
    CASE
        WHEN $force_user THEN CAST($user_pseudonym AS VARCHAR)
        ELSE coalesce(sc_pseudonym($salt, 'listenbrainz', user_name), CAST($user_pseudonym AS VARCHAR))
    END,
    ts,
    NULL,  -- a listen says when it started, not how long it played
    NULL,
    'mbid:' || artist_mbid,
    artist,
    coalesce('mbid:' || recording_mbid, 'spotify:' || nullif(spotify_id, '')),
    track,
    album,
    duration_ms,
    NULL,
    tags,
    NULL,
    issue,
    left(CASE split_part(issue, '|', 1)
        WHEN 'listened_at' THEN ts_raw
        WHEN 'track_metadata.additional_info.duration_ms' THEN duration_raw
    END, 80)
FROM checked;
