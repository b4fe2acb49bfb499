-- A generic CSV/TSV/Parquet file as read: the mapped columns as text, under their role names.
CREATE OR REPLACE TEMP TABLE g_raw (
    file_no     INTEGER NOT NULL,
    "user"      VARCHAR,
    ts          VARCHAR,
    artist      VARCHAR,
    track       VARCHAR,
    album       VARCHAR,
    ms_played   VARCHAR,
    skipped     VARCHAR,
    artist_mbid VARCHAR,
    track_mbid  VARCHAR,
    duration_ms VARCHAR,
    plays       VARCHAR,
    genre       VARCHAR
);
