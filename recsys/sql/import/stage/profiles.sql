-- User attributes read from the source files (unknown values stay NULL).
CREATE OR REPLACE TEMP TABLE imp_profiles (
    file_no     INTEGER NOT NULL,
    pseudonym   VARCHAR,
    country     VARCHAR,
    age_group   VARCHAR,
    gender      VARCHAR,
    signup_ts   TIMESTAMP,
    drop_reason VARCHAR,
    issue       VARCHAR,
    issue_value VARCHAR
);
