-- A MusicBrainz id in canonical form (lower case, hyphenated), or NULL when the text is empty
-- or not a UUID. A cast, not a regular expression: it runs on every row of large files.
CREATE OR REPLACE TEMP MACRO sc_mbid(s) AS CAST(try_cast(trim(s) AS UUID) AS VARCHAR);
