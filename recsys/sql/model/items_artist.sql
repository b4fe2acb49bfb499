-- Items at artist grain: each artist is its own item; no release date.
CREATE OR REPLACE TEMP VIEW items AS
SELECT artist_id AS item_id, artist_id, CAST(NULL AS DATE) AS release_date FROM artists
