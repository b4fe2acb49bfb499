-- Declared artist attributes and the debut: the first release of one of its tracks where the
-- data has release dates, else the middle of its debut year.
SELECT
    a.artist_id,
    a.name,
    a.country,
    a.gender,
    coalesce(
        min(t.release_date),
        CASE WHEN a.debut_year IS NOT NULL THEN make_date(a.debut_year, 7, 1) END
    ) AS debut
FROM artists AS a
LEFT JOIN tracks AS t ON t.artist_id = a.artist_id
GROUP BY a.artist_id, a.name, a.country, a.gender, a.debut_year
ORDER BY a.artist_id
