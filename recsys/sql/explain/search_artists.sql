-- Artists whose name contains the text (case-insensitive): exact matches first, then names
-- that start with it, then the rest, shortest names first.
SELECT a.artist_id AS item_id, a.name AS title, a.artist_id, a.name AS artist
FROM artists a
WHERE contains(lower(a.name), lower($text))
ORDER BY lower(a.name) = lower($text) DESC, starts_with(lower(a.name), lower($text)) DESC,
         length(a.name), a.artist_id
LIMIT $limit
