-- Stage Last.fm 1K's userid-timestamp-artid-artname-traid-traname.tsv: tab-separated, no
-- header, no quoting; empty MusicBrainz ids are common. The times are UTC scrobble times (the
-- start of the play); the dataset has no play durations, so ms_played is NULL (unknown).
INSERT INTO imp_plays
WITH src AS (
    SELECT
        user_id AS user_raw,
        "timestamp" AS ts_raw,
        artist_mbid AS am_raw,
        artist_name AS artist,
        track_mbid AS tm_raw,
        track_name AS track
    FROM sc_read_tsv(
        $path,
        {
            'user_id': 'VARCHAR',
            'timestamp': 'VARCHAR',
            'artist_mbid': 'VARCHAR',
            'artist_name': 'VARCHAR',
            'track_mbid': 'VARCHAR',
            'track_name': 'VARCHAR'
        },
        false
    )
),
parsed AS (
    SELECT
        *,
        try_strptime(ts_raw, ['%Y-%m-%dT%H:%M:%SZ', '%Y-%m-%d %H:%M:%S']) AS ts,
        sc_mbid(am_raw) AS am,
        sc_mbid(tm_raw) AS tm
    FROM src
),
checked AS (
    SELECT
        *,
        CASE
            WHEN user_raw IS NULL THEN 'user_id|missing'
            WHEN ts_raw IS NULL THEN 'timestamp|missing'
            WHEN ts IS NULL THEN 'timestamp|format'
            WHEN ts NOT BETWEEN TIMESTAMP '1970-01-01' AND TIMESTAMP '2100-01-01'
                THEN 'timestamp|range'
            WHEN am_raw IS NOT NULL AND am IS NULL THEN 'artist_mbid|format'
            WHEN tm_raw IS NOT NULL AND tm IS NULL THEN 'track_mbid|format'
        END AS issue
    FROM parsed
)
SELECT
    $file_no,
    sc_pseudonym($salt, 'lastfm-1k', user_raw),
    ts,
    NULL,
    NULL,
    'mbid:' || am,
    artist,
    'mbid:' || tm,
    track,
    NULL,
    NULL,
    NULL,
    NULL,
    CASE WHEN artist IS NULL OR track IS NULL THEN 'no track metadata' END,
    issue,
    left(CASE split_part(issue, '|', 1)
        WHEN 'timestamp' THEN ts_raw
        WHEN 'artist_mbid' THEN am_raw
        WHEN 'track_mbid' THEN tm_raw
    END, 80)
FROM checked;
