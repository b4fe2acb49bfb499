-- hetrec tags.dat as read: tag id and tag text.
CREATE OR REPLACE TEMP TABLE h_tags (
    file_no     INTEGER NOT NULL,
    tag_id      BIGINT,
    tag         VARCHAR,
    drop_reason VARCHAR,
    issue       VARCHAR,
    issue_value VARCHAR
);
