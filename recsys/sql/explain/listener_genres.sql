-- One listener's genres in a run (stored by the explanations stage), with names and the broad
-- (parent) genre of each (a parent genre is its own parent), largest share first.
SELECT ug.genre_id, g.name AS genre, coalesce(g.parent_id, g.genre_id) AS parent_id,
       coalesce(p.name, g.name) AS parent, ug.items, ug.plays, ug.items_recent,
       ug.plays_recent, ug.share
FROM explain_user_genres ug
JOIN genres g USING (genre_id)
LEFT JOIN genres p ON p.genre_id = g.parent_id
WHERE ug.run_id = $run AND ug.user_id = $user
ORDER BY ug.share DESC, ug.genre_id
