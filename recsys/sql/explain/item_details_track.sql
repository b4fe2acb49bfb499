-- Names and popularity of tracks (items at track grain) in a run: title, artist, release date
-- and the catalogue shares stored by the explanations stage.
SELECT t.track_id AS item_id, t.title, t.artist_id, a.name AS artist, t.release_date,
       p.plays, p.recent_plays, p.listeners, p.top_share, p.recent_top_share,
       p.artist_top_share, p.artist_recent_top_share
FROM tracks t
JOIN artists a USING (artist_id)
LEFT JOIN explain_items p ON p.run_id = $run AND p.item_id = t.track_id
WHERE t.track_id IN (SELECT unnest($items::INTEGER[]))
