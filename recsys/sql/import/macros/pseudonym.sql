-- The pseudonym of a source user id: a salted SHA-256, namespaced by the source format.
-- recsys.io._stage.pseudonym computes the same value in Python.
CREATE OR REPLACE TEMP MACRO sc_pseudonym(salt, fmt, uid) AS
    CASE WHEN nullif(trim(uid), '') IS NOT NULL THEN sha256(concat_ws(chr(31), salt, fmt, trim(uid))) END;
