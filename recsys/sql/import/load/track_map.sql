-- Resolve every track mention (artist key and spelling, track key and title) to a track_id.
CREATE OR REPLACE TEMP TABLE imp_track_map AS
SELECT
    coalesce(s.artist_key, '') AS ak,
    s.artist_name,
    coalesce(s.track_key, '') AS tk,
    s.track_title,
    k.id AS track_id
FROM imp_track_src AS s
JOIN item_keys AS k
    ON k.kind = 'track'
    AND k.source_key = coalesce(s.track_key, 'name:' || s.artist_id || '|' || s.nk);
