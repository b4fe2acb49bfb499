-- hetrec user_taggedartists(-timestamps).dat as read: who applied which tag to which artist.
CREATE OR REPLACE TEMP TABLE h_tagged (
    file_no     INTEGER NOT NULL,
    pseudonym   VARCHAR,
    artist_key  VARCHAR,
    tag_id      BIGINT,
    drop_reason VARCHAR,
    issue       VARCHAR,
    issue_value VARCHAR
);
