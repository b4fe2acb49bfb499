-- The kept play counts resolved to warehouse ids (identical source rows folded into one),
-- each flagged when the warehouse already has a count for that user and artist.
CREATE OR REPLACE TEMP TABLE imp_count_new AS
WITH r AS (
    SELECT pseudonym, artist_key, artist_name, plays, min(file_no) AS file_no
    FROM imp_counts
    WHERE drop_reason IS NULL AND issue IS NULL
    GROUP BY pseudonym, artist_key, artist_name, plays
)
SELECT r.file_no, u.user_id, m.artist_id, r.plays, pc.user_id IS NOT NULL AS existing
FROM r
JOIN users AS u ON u.pseudonym = r.pseudonym
JOIN imp_artist_map AS m ON m.ak = coalesce(r.artist_key, '') AND m.artist_name = r.artist_name
LEFT JOIN (SELECT DISTINCT user_id, artist_id FROM play_counts) AS pc
    ON pc.user_id = u.user_id AND pc.artist_id = m.artist_id;
