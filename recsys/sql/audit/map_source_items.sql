-- Resolve an external list's items from source ids to this warehouse's items, the way an import
-- does: a source key ('spotify:<id>', 'mbid:<uuid>', 'hetrec:<id>'; a Spotify track URI or a bare
-- MusicBrainz id is put in that form), else the normalised artist name and track title
-- (item_keys, sc_norm and sc_mbid from the import). One row per input row; item_id is NULL where
-- nothing matches.
WITH keyed AS (
    SELECT
        row_no,
        CASE
            WHEN item LIKE 'spotify:track:%' THEN 'spotify:' || substr(item, 15)
            WHEN sc_mbid(item) IS NOT NULL THEN 'mbid:' || sc_mbid(item)
            ELSE item
        END AS item_key,
        CASE WHEN artist IS NOT NULL THEN 'name:' || sc_norm(artist) END AS artist_key,
        sc_norm(track) AS track_nk
    FROM _ext_items
)
SELECT
    k.row_no,
    coalesce(ik.id, CASE WHEN $grain = 'artist' THEN ak.id ELSE tk.id END) AS item_id
FROM keyed AS k
LEFT JOIN item_keys AS ik ON ik.kind = $grain AND ik.source_key = k.item_key
LEFT JOIN item_keys AS ak ON ak.kind = 'artist' AND ak.source_key = k.artist_key
LEFT JOIN item_keys AS tk
    ON tk.kind = 'track' AND tk.source_key = 'name:' || CAST(ak.id AS VARCHAR) || '|' || k.track_nk
ORDER BY k.row_no
