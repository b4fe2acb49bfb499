-- Tracks whose title or artist name contains the text (case-insensitive), most played first.
SELECT t.track_id AS item_id, t.title, a.artist_id, a.name AS artist
FROM tracks t JOIN artists a USING (artist_id)
LEFT JOIN explain_items p ON p.run_id = $run AND p.item_id = t.track_id
WHERE contains(lower(t.title), lower($text)) OR contains(lower(a.name), lower($text))
ORDER BY lower(t.title) = lower($text) DESC, coalesce(p.plays, 0) DESC, t.track_id
LIMIT $limit
