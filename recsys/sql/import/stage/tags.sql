-- Tags applied to artists, with how often each was applied: they become genres with weights.
CREATE OR REPLACE TEMP TABLE imp_tags (
    artist_key  VARCHAR,
    artist_name VARCHAR,
    tag         VARCHAR,
    n           BIGINT
);
