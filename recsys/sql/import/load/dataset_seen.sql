-- How many datasets were imported from exactly this content.
SELECT count(*) FROM datasets WHERE content_hash = $content_hash;
