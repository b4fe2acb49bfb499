-- Plays read from the source files, normalised but not yet resolved to warehouse ids.
CREATE OR REPLACE TEMP TABLE imp_plays (
    file_no     INTEGER NOT NULL,
    pseudonym   VARCHAR,            -- salted hash of the source user id
    ts          TIMESTAMP,          -- UTC, start of the play
    ms_played   BIGINT,
    skipped     BOOLEAN,
    artist_key  VARCHAR,            -- 'mbid:…' where the source has an artist id
    artist_name VARCHAR,
    track_key   VARCHAR,            -- 'mbid:…' or 'spotify:…' where the source has a track id
    track_title VARCHAR,
    album       VARCHAR,
    duration_ms BIGINT,
    country     VARCHAR,
    tags        VARCHAR[],
    drop_reason VARCHAR,            -- why the play is left out (podcast, …), NULL if kept
    issue       VARCHAR,            -- 'field|kind' of the record's first problem, NULL if none
    issue_value VARCHAR             -- the offending text
);
