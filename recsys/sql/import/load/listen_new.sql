-- The kept plays resolved to warehouse ids, exact duplicates folded into one (the file that
-- has it first owns it), each flagged when the warehouse already holds that play.
CREATE OR REPLACE TEMP TABLE imp_listen_new AS
WITH g AS (
    SELECT
        u.user_id,
        m.track_id,
        p.ts,
        CAST(p.ms_played AS INTEGER) AS ms_played,
        bool_or(p.skipped) AS skipped,
        min(p.file_no) AS file_no
    FROM imp_plays AS p
    JOIN imp_track_map AS m
        ON m.ak = coalesce(p.artist_key, '')
        AND m.artist_name = p.artist_name
        AND m.tk = coalesce(p.track_key, '')
        AND m.track_title = p.track_title
    JOIN users AS u ON u.pseudonym = p.pseudonym
    WHERE p.drop_reason IS NULL AND p.issue IS NULL
    GROUP BY u.user_id, m.track_id, p.ts, p.ms_played
),
seen AS (
    SELECT DISTINCT user_id, track_id, ts, ms_played
    FROM listens
    WHERE user_id IN (SELECT DISTINCT user_id FROM g)
)
SELECT g.*, s.user_id IS NOT NULL AS existing
FROM g
LEFT JOIN seen AS s
    ON s.user_id = g.user_id AND s.track_id = g.track_id AND s.ts = g.ts
    AND s.ms_played IS NOT DISTINCT FROM g.ms_played;
