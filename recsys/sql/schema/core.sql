-- Canonical Soundcheck schema (described in docs/schema.md). Times are UTC, stored as TIMESTAMP.
CREATE TABLE IF NOT EXISTS meta (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS users (
    user_id   INTEGER PRIMARY KEY,   -- surrogate key; never a source id
    pseudonym VARCHAR NOT NULL,      -- salted hash of the source id (salt in meta)
    country   VARCHAR,               -- ISO 3166-1 alpha-2, NULL if unknown
    age_group VARCHAR,
    gender    VARCHAR,
    signup_ts TIMESTAMP
);
CREATE TABLE IF NOT EXISTS artists (
    artist_id  INTEGER PRIMARY KEY,
    name       VARCHAR NOT NULL,
    country    VARCHAR,
    gender     VARCHAR CHECK (gender IN ('female', 'male', 'mixed', 'non-binary')),
    debut_year INTEGER
);
CREATE TABLE IF NOT EXISTS tracks (
    track_id     INTEGER PRIMARY KEY,
    artist_id    INTEGER NOT NULL,
    title        VARCHAR NOT NULL,
    album        VARCHAR,
    release_date DATE,
    duration_ms  INTEGER
);
CREATE TABLE IF NOT EXISTS genres (
    genre_id  INTEGER PRIMARY KEY,
    name      VARCHAR NOT NULL,
    parent_id INTEGER
);
CREATE TABLE IF NOT EXISTS artist_genres (
    artist_id INTEGER NOT NULL,
    genre_id  INTEGER NOT NULL,
    weight    DOUBLE NOT NULL
);
-- Free tags as the source gave them, one row per artist and tag (docs/tags.md): what each tag
-- was read as. weight is the tag's share of the artist's tag applications in the import that
-- brought it; genre_id is the canonical genre a genre tag was matched to; value is the facet
-- the tag states (a decade such as 1980s, an ISO country code, or female / male for the lead
-- voice), also for a genre tag with a qualifier in front ("swedish death metal": SE).
CREATE TABLE IF NOT EXISTS artist_tags (
    artist_id INTEGER NOT NULL,
    tag       VARCHAR NOT NULL,
    weight    DOUBLE NOT NULL,
    kind      VARCHAR NOT NULL
        CHECK (kind IN ('genre', 'era', 'place', 'voice', 'opinion', 'unknown')),
    genre_id  INTEGER,
    value     VARCHAR
);
-- Artist attributes inferred from tags, with their evidence; never mixed with the declared
-- artists.country and artists.gender (gender here is the lead voice's, from voice tags).
-- weight_share: the artist's tag weight stating the value; agreement: that weight over the
-- weight stating any value of the attribute; evidence_tag: the strongest of those tags.
CREATE TABLE IF NOT EXISTS artist_attributes_inferred (
    artist_id    INTEGER NOT NULL,
    attribute    VARCHAR NOT NULL CHECK (attribute IN ('country', 'gender')),
    value        VARCHAR NOT NULL,
    evidence_tag VARCHAR NOT NULL,
    weight_share DOUBLE NOT NULL,
    agreement    DOUBLE NOT NULL
);
CREATE TABLE IF NOT EXISTS listens (
    user_id   INTEGER NOT NULL,
    track_id  INTEGER NOT NULL,
    ts        TIMESTAMP NOT NULL,    -- UTC, start of the play
    ms_played INTEGER,              -- NULL where the source does not say (scrobbles)
    skipped   BOOLEAN,
    source    VARCHAR,
    dataset_id INTEGER               -- the datasets row that brought it; NULL before tracking
);
CREATE TABLE IF NOT EXISTS play_counts (
    user_id   INTEGER NOT NULL,
    artist_id INTEGER NOT NULL,
    plays     BIGINT NOT NULL,
    dataset_id INTEGER
);
CREATE TABLE IF NOT EXISTS friends (
    user_id   INTEGER NOT NULL,
    friend_id INTEGER NOT NULL,
    dataset_id INTEGER
);
CREATE TABLE IF NOT EXISTS datasets (
    name          VARCHAR NOT NULL,
    grain         VARCHAR NOT NULL CHECK (grain IN ('track', 'artist')),
    imported_at   TIMESTAMP NOT NULL,
    source_format VARCHAR NOT NULL,
    row_counts    JSON,
    content_hash  VARCHAR,
    dataset_id    INTEGER            -- numbered 1, 2, ... in order of import
);
