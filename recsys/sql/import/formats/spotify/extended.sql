-- Stage one Spotify "Extended streaming history" file (Streaming_History_Audio_*.json,
-- endsong_*.json): a JSON array of plays whose ts is the END of the play, in UTC.
-- Only the columns named here are read: IP addresses, user agents, platform and the like never
-- leave the file. The account name is hashed on the way in.
INSERT INTO imp_plays
WITH src AS (
    SELECT
        nullif(trim(ts), '') AS ts_raw,
        username,
        nullif(trim(ms_played), '') AS ms_raw,
        nullif(trim(master_metadata_track_name), '') AS track,
        nullif(trim(master_metadata_album_artist_name), '') AS artist,
        nullif(trim(master_metadata_album_album_name), '') AS album,
        spotify_track_uri AS uri,
        coalesce(episode_name, episode_show_name, spotify_episode_uri) AS episode,
        coalesce(audiobook_title, audiobook_uri, audiobook_chapter_uri, audiobook_chapter_title)
            AS audiobook,
        nullif(trim(skipped), '') AS skipped_raw,
        upper(trim(conn_country)) AS country
    FROM read_json(
        $path,
        format = 'array',
        records = 'true',
        columns = {
            'ts': 'VARCHAR',
            'username': 'VARCHAR',
            'ms_played': 'VARCHAR',
            'conn_country': 'VARCHAR',
            'master_metadata_track_name': 'VARCHAR',
            'master_metadata_album_artist_name': 'VARCHAR',
            'master_metadata_album_album_name': 'VARCHAR',
            'spotify_track_uri': 'VARCHAR',
            'episode_name': 'VARCHAR',
            'episode_show_name': 'VARCHAR',
            'spotify_episode_uri': 'VARCHAR',
            'audiobook_title': 'VARCHAR',
            'audiobook_uri': 'VARCHAR',
            'audiobook_chapter_uri': 'VARCHAR',
            'audiobook_chapter_title': 'VARCHAR',
            'skipped': 'VARCHAR'
        }
    )
),
parsed AS (
    SELECT
        *,
        try_strptime(ts_raw, ['%Y-%m-%dT%H:%M:%SZ', '%Y-%m-%dT%H:%M:%S.%fZ', '%Y-%m-%d %H:%M:%S'])
            AS ts_end,
        try_cast(ms_raw AS BIGINT) AS ms,
        try_cast(skipped_raw AS BOOLEAN) AS skip
    FROM src
),
checked AS (
    SELECT
        *,
        CASE
            WHEN ts_raw IS NULL AND ms_raw IS NULL AND track IS NULL AND episode IS NULL
                AND audiobook IS NULL THEN 'record|shape'
            WHEN ts_raw IS NULL THEN 'ts|missing'
            WHEN ts_end IS NULL THEN 'ts|format'
            WHEN ts_end NOT BETWEEN TIMESTAMP '1970-01-01' AND TIMESTAMP '2100-01-01' THEN 'ts|range'
            WHEN ms_raw IS NULL THEN 'ms_played|missing'
            WHEN ms IS NULL THEN 'ms_played|format'
            WHEN ms < 0 THEN 'ms_played|negative'
            WHEN ms > 2147483647 THEN 'ms_played|range'
            WHEN skipped_raw IS NOT NULL AND skip IS NULL THEN 'skipped|format'
        END AS issue
    FROM parsed
)
SELECT
    $file_no,
    CASE
        WHEN $force_user THEN CAST($user_pseudonym AS VARCHAR)
        ELSE coalesce(sc_pseudonym($salt, 'spotify', username), CAST($user_pseudonym AS VARCHAR))
    END,
    ts_end - to_milliseconds(ms),
    ms,
    skip,
    NULL,
    artist,
    CASE WHEN uri LIKE 'spotify:track:%' THEN 'spotify:' || substr(uri, 15) END,
    track,
    album,
    NULL,
    CASE WHEN regexp_full_match(country, '[A-Z]{2}') AND country <> 'ZZ' THEN country END,
    NULL,
    CASE
        WHEN CAST($drop_all AS VARCHAR) IS NOT NULL THEN CAST($drop_all AS VARCHAR)
        WHEN episode IS NOT NULL THEN 'podcast'
        WHEN audiobook IS NOT NULL THEN 'audiobook'
        WHEN track IS NULL OR artist IS NULL THEN 'no track metadata'
    END,
    issue,
    left(CASE split_part(issue, '|', 1)
        WHEN 'ts' THEN ts_raw
        WHEN 'ms_played' THEN ms_raw
        WHEN 'skipped' THEN skipped_raw
    END, 80)
FROM checked;
