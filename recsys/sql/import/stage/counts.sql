-- Aggregate play counts (artist grain) read from the source files.
CREATE OR REPLACE TEMP TABLE imp_counts (
    file_no     INTEGER NOT NULL,
    pseudonym   VARCHAR,
    artist_key  VARCHAR,
    artist_name VARCHAR,
    plays       BIGINT,
    tags        VARCHAR[],          -- tags the row carries (a generic file's genre column)
    drop_reason VARCHAR,
    issue       VARCHAR,
    issue_value VARCHAR
);
