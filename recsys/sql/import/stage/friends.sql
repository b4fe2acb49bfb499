-- Friendship pairs read from the source files.
CREATE OR REPLACE TEMP TABLE imp_friends (
    file_no          INTEGER NOT NULL,
    pseudonym        VARCHAR,
    friend_pseudonym VARCHAR,
    drop_reason      VARCHAR,
    issue            VARCHAR,
    issue_value      VARCHAR
);
