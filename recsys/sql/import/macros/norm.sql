-- The normalised form of a name used to de-duplicate artists, tracks and tags: Unicode NFC,
-- lower case, runs of white space collapsed, trimmed. Never NULL or empty for a non-empty
-- name (a name of nothing but white space normalises to itself), so every name has a key.
CREATE OR REPLACE TEMP MACRO sc_norm(s) AS
    coalesce(nullif(lower(regexp_replace(trim(nfc_normalize(s)), '\s+', ' ', 'g')), ''), s);
