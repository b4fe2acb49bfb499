-- Rows read per staged file and table, by why they were left out (NULL: kept so far).
SELECT 'imp_plays' AS tbl, file_no, drop_reason, count(*) AS n FROM imp_plays GROUP BY ALL
UNION ALL
SELECT 'imp_counts', file_no, drop_reason, count(*) FROM imp_counts GROUP BY ALL
UNION ALL
SELECT 'imp_friends', file_no, drop_reason, count(*) FROM imp_friends GROUP BY ALL
UNION ALL
SELECT 'imp_profiles', file_no, drop_reason, count(*) FROM imp_profiles GROUP BY ALL
UNION ALL
SELECT 'imp_artists', file_no, drop_reason, count(*) FROM imp_artists GROUP BY ALL
UNION ALL
SELECT 'h_plays', file_no, drop_reason, count(*) FROM h_plays GROUP BY ALL
UNION ALL
SELECT 'h_tags', file_no, drop_reason, count(*) FROM h_tags GROUP BY ALL
UNION ALL
SELECT 'h_tagged', file_no, drop_reason, count(*) FROM h_tagged GROUP BY ALL
UNION ALL
SELECT 'g_raw', file_no, NULL, count(*) FROM g_raw GROUP BY ALL;
