-- Give plays with no identifiable account (no username in the export and none given) one
-- pseudonym derived from the export's first play, so re-importing the same export finds it.
UPDATE imp_plays
SET pseudonym = (
    SELECT sha256(concat_ws(chr(31), $salt, $fmt, 'first-play',
        strftime(min(ts), '%Y-%m-%dT%H:%M:%S'), arg_min(artist_name, ts), arg_min(track_title, ts)))
    FROM imp_plays
    WHERE issue IS NULL AND ts IS NOT NULL
)
WHERE pseudonym IS NULL;
