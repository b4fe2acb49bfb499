-- hetrec user_artists.dat as read: listening counts by hetrec artist id.
CREATE OR REPLACE TEMP TABLE h_plays (
    file_no     INTEGER NOT NULL,
    pseudonym   VARCHAR,
    artist_key  VARCHAR,
    plays       BIGINT,
    drop_reason VARCHAR,
    issue       VARCHAR,
    issue_value VARCHAR
);
