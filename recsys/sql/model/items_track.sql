-- Items at track grain: each track with its artist and release date.
CREATE OR REPLACE TEMP VIEW items AS
SELECT track_id AS item_id, artist_id, release_date FROM tracks
