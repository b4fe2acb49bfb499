-- Artist attributes inferred from tags (country, lead-voice gender), kept apart from the
-- declared ones so the audit can show them as groups of their own.
SELECT artist_id, attribute, value
FROM artist_attributes_inferred
ORDER BY artist_id, attribute
