-- Artists a source lists in a catalogue file (hetrec's artists.dat).
CREATE OR REPLACE TEMP TABLE imp_artists (
    file_no     INTEGER NOT NULL,
    artist_key  VARCHAR,
    artist_name VARCHAR,
    drop_reason VARCHAR,
    issue       VARCHAR,
    issue_value VARCHAR
);
