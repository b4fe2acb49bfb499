"""Spotify: extended and basic histories, start-of-play times, podcasts and accounts."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from iofiles import PRIVATE, query, spotify_basic, spotify_export, spotify_record

from recsys.io import import_data
from recsys.io._stage import pseudonym


def test_extended_export_is_read_from_the_zip_with_start_times(empty_wh: Path, tmp_path: Path):
    summary = import_data(empty_wh, "spotify", spotify_export(tmp_path))

    assert summary.grain == "track"
    assert summary.added["listens"] == 3
    audio, video = summary.files
    assert audio.name.endswith("Streaming_History_Audio_2023.json")
    assert (audio.read, audio.kept) == (6, 3)
    assert dict(audio.dropped) == {"podcast": 1, "audiobook": 1, "no track metadata": 1}
    assert dict(video.dropped) == {"video": 1}
    rows = query(
        empty_wh,
        """
        SELECT t.title, l.ts, l.ms_played, l.skipped, l.source
        FROM listens l JOIN tracks t USING (track_id) ORDER BY l.ts""",
    )
    # ts is the END of the play: 10:03:20 minus 200 s is 10:00:00
    assert rows[0] == ("Paranoid Android", datetime(2023, 5, 1, 10, 0, 0), 200000, None, "spotify")
    assert rows[1] == (
        "Karma Police",
        datetime(2023, 5, 1, 10, 4, 29, 500000),
        30500,
        True,
        "spotify",
    )
    assert rows[2][0] == "Jóga"


def test_the_account_becomes_a_salted_pseudonym(empty_wh: Path, tmp_path: Path, salt: str):
    import_data(empty_wh, "spotify", spotify_export(tmp_path))

    users = query(empty_wh, "SELECT user_id, pseudonym, country FROM users")
    assert users == [(1, pseudonym(salt, "spotify", PRIVATE["username"]), "DE")]


def test_track_uri_and_names_identify_tracks(empty_wh: Path, tmp_path: Path):
    import_data(empty_wh, "spotify", spotify_export(tmp_path))

    keys = dict(query(empty_wh, "SELECT source_key, id FROM item_keys WHERE kind = 'track'"))
    radiohead = query(empty_wh, "SELECT artist_id FROM artists WHERE name = 'Radiohead'")[0][0]
    assert keys["spotify:6LgJvl0Xdtc73RJ1mmpotq"] == keys[f"name:{radiohead}|paranoid android"]
    artists = query(empty_wh, "SELECT name FROM artists ORDER BY artist_id")
    assert artists == [("Björk",), ("Radiohead",)]


def test_basic_history_uses_userdata_and_drops_podcast_files(
    empty_wh: Path, tmp_path: Path, salt: str
):
    summary = import_data(empty_wh, "spotify", spotify_basic(tmp_path))

    by_name = {f.name.split("/")[-1]: f for f in summary.files}
    assert dict(by_name["StreamingHistory_podcast_0.json"].dropped) == {"podcast": 1}
    assert by_name["StreamingHistory_music_0.json"].kept == 2
    assert query(empty_wh, "SELECT pseudonym FROM users") == [
        (pseudonym(salt, "spotify", PRIVATE["username"]),)
    ]
    # 'radiohead ' and 'airbag' are the same artist and track by normalised name
    assert query(empty_wh, "SELECT count(*) FROM artists") == [(1,)]
    assert query(empty_wh, "SELECT count(*) FROM tracks") == [(1,)]
    assert query(empty_wh, "SELECT min(ts) FROM listens") == [(datetime(2023, 2, 1, 8, 5, 16),)]


def test_an_export_naming_no_account_lands_on_one_stable_user(empty_wh: Path, tmp_path: Path):
    records = [
        spotify_record(username=None),
        spotify_record(username=None, ts="2023-05-02T10:00:00Z"),
    ]
    first = import_data(empty_wh, "spotify", spotify_export(tmp_path / "a", records))
    again = import_data(empty_wh, "spotify", spotify_export(tmp_path / "b", records[:1]))

    assert first.added["users"] == 1 and first.added["listens"] == 2
    assert again.added == {k: 0 for k in again.added}
    assert query(empty_wh, "SELECT count(*) FROM users") == [(1,)]


def test_a_given_user_id_overrides_the_export(empty_wh: Path, tmp_path: Path, salt: str):
    import_data(empty_wh, "spotify", spotify_export(tmp_path), user="me@home")

    assert query(empty_wh, "SELECT pseudonym FROM users") == [
        (pseudonym(salt, "spotify", "me@home"),)
    ]


def test_latin1_json_is_read_not_refused(empty_wh: Path, tmp_path: Path) -> None:
    path = tmp_path / "Streaming_History_Audio_2023.json"
    text = json.dumps(
        [spotify_record(master_metadata_album_artist_name="Björk")], ensure_ascii=False
    )
    path.write_bytes(text.encode("latin-1"))

    summary = import_data(empty_wh, "spotify", path)

    assert summary.added["listens"] == 1
    assert query(empty_wh, "SELECT name FROM artists") == [("Björk",)]


def test_progress_goes_forward_to_the_end(empty_wh: Path, tmp_path: Path) -> None:
    seen: list[tuple[str, float]] = []
    import_data(
        empty_wh,
        "spotify",
        spotify_export(tmp_path),
        progress=lambda step, done: seen.append((step, done)),
    )

    fractions = [f for _, f in seen]
    assert fractions == sorted(fractions)
    assert seen[-1] == ("done", 1.0)
    assert any(step.startswith("reading ") for step, _ in seen)
