-- The inferred attributes of the artists this import tags are inferred again from all their
-- tags (next statement), so a second source's tags add to the evidence.
DELETE FROM artist_attributes_inferred
WHERE artist_id IN (SELECT artist_id FROM imp_tag_src);
