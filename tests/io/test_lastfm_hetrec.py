"""Last.fm 1K and hetrec2011-lastfm-2k: messy TSV read, ids and names resolved, tags weighted."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from iofiles import MBID_A, PRIVATE, REC_1, hetrec, lastfm_1k, query

from recsys.io import import_data
from recsys.io._stage import pseudonym


def test_lastfm_reads_crlf_bom_latin1_and_empty_mbids(empty_wh: Path, tmp_path: Path):
    summary = import_data(empty_wh, "lastfm-1k", lastfm_1k(tmp_path))

    plays, profiles = summary.files
    assert (plays.read, plays.kept) == (6, 4)
    assert dict(plays.dropped) == {"no track metadata": 1, "duplicate": 1}
    assert (profiles.role, profiles.read) == ("profiles", 2)
    artists = {name for (name,) in query(empty_wh, "SELECT name FROM artists")}
    assert artists == {"Radiohead", 'Deep "Dish', "Café Tacuba"}
    # the name-only Radiohead row joins the artist with the MusicBrainz id
    keys = dict(query(empty_wh, "SELECT source_key, id FROM item_keys WHERE kind = 'artist'"))
    assert keys[f"mbid:{MBID_A}"] == keys["name:radiohead"]
    # and the name-only Airbag the recording with the MusicBrainz id: one track, two plays
    assert query(
        empty_wh,
        f"""
        SELECT count(*) FROM listens WHERE track_id =
            (SELECT id FROM item_keys WHERE source_key = 'mbid:{REC_1}')""",
    ) == [(2,)]
    assert query(empty_wh, "SELECT min(ts), max(ms_played) FROM listens") == [
        (datetime(2009, 5, 2, 10, 0), None)  # no durations: unknown, not 0
    ]


def test_lastfm_profiles_fill_users(empty_wh: Path, tmp_path: Path, salt: str):
    import_data(empty_wh, "lastfm-1k", lastfm_1k(tmp_path))

    users = query(
        empty_wh,
        "SELECT pseudonym, country, age_group, gender, signup_ts FROM users ORDER BY country",
    )
    assert (
        pseudonym(salt, "lastfm-1k", PRIVATE["lastfm_user"]),
        "GB",
        "18-24",
        "female",
        datetime(2006, 8, 13),
    ) in users
    assert (pseudonym(salt, "lastfm-1k", "user_000043"), "KR", None, None, None) in users


def test_hetrec_is_artist_grain_with_counts_tags_and_friends(empty_wh: Path, tmp_path: Path):
    summary = import_data(empty_wh, "hetrec-lastfm", hetrec(tmp_path))

    assert summary.grain == "artist"
    assert query(empty_wh, "SELECT grain, source_format FROM datasets") == [
        ("artist", "hetrec-lastfm")
    ]
    by_role = {f.role: f for f in summary.files}
    assert dict(by_role["play counts"].dropped) == {"artist not in artists.dat": 1}
    assert dict(by_role["tagging"].dropped) == {"artist not in artists.dat": 1}
    assert dict(by_role["friends"].dropped) == {"duplicate": 1}
    assert query(
        empty_wh,
        """
        SELECT a.name, p.plays FROM play_counts p JOIN artists a USING (artist_id)
        ORDER BY p.plays DESC""",
    ) == [("MALICE MIZER", 13883), ("Diary of Dreams", 11690), ("Björk", 5)]
    assert query(empty_wh, "SELECT count(*) FROM listens") == [(0,)]
    assert query(empty_wh, "SELECT count(*) FROM friends") == [(2,)]


def test_hetrec_tags_become_weighted_genres(empty_wh: Path, tmp_path: Path):
    import_data(empty_wh, "hetrec-lastfm", hetrec(tmp_path))

    # 'metal' and 'Metal ' are one tag, a genre under rock; 'gothic' and 'música' (Latin-1,
    # read right) are no genre of the tree and stay raw tags only
    genres = query(
        empty_wh,
        "SELECT g.name, p.name FROM genres g LEFT JOIN genres p ON p.genre_id = g.parent_id "
        "ORDER BY g.name",
    )
    assert genres == [("metal", "rock"), ("rock", None)]
    weights = dict(
        query(
            empty_wh,
            """
        SELECT g.name, ag.weight FROM artist_genres ag
        JOIN genres g USING (genre_id) JOIN artists a USING (artist_id)
        WHERE a.name = 'MALICE MIZER'""",
        )
    )
    assert weights == pytest.approx({"metal": 1.0})
    tags = query(
        empty_wh,
        "SELECT a.name, t.tag, t.kind, t.weight FROM artist_tags t JOIN artists a USING "
        "(artist_id) ORDER BY a.name, t.tag",
    )
    # three applications on MALICE MIZER: metal by users 2 and 3, gothic by user 2
    assert tags == [
        ("Björk", "música", "unknown", 1.0),
        ("MALICE MIZER", "gothic", "unknown", pytest.approx(1 / 3)),
        ("MALICE MIZER", "metal", "genre", pytest.approx(2 / 3)),
    ]
