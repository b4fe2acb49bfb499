-- Names and popularity of artists (items at artist grain) in a run; the title is the name.
SELECT a.artist_id AS item_id, a.name AS title, a.artist_id, a.name AS artist,
       CAST(NULL AS DATE) AS release_date,
       p.plays, p.recent_plays, p.listeners, p.top_share, p.recent_top_share,
       p.artist_top_share, p.artist_recent_top_share
FROM artists a
LEFT JOIN explain_items p ON p.run_id = $run AND p.item_id = a.artist_id
WHERE a.artist_id IN (SELECT unnest($items::INTEGER[]))
