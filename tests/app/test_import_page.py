"""Explore › Import in AppTest: upload, check (preview and problems), import, summary."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from recsys import warehouse
from recsys.io import FORMATS

APP = Path(__file__).resolve().parents[2] / "app.py"


def _record(**kw: object) -> dict[str, object]:
    rec: dict[str, object] = {
        "ts": "2023-05-01T10:03:20Z",
        "username": "someone",
        "ip_addr": "203.0.113.9",
        "ms_played": 200000,
        "master_metadata_track_name": "Airbag",
        "master_metadata_album_artist_name": "Radiohead",
        "spotify_track_uri": "spotify:track:6LgJvl0Xdtc73RJ1mmpotq",
        "skipped": None,
    }
    return rec | kw


GOOD = json.dumps(
    [
        _record(),
        _record(
            ts="2023-05-01T11:00:00Z",
            master_metadata_track_name=None,
            episode_name="Ep",
            spotify_episode_uri="spotify:episode:x",
        ),
    ]
).encode()
BAD = json.dumps([_record(), _record(ms_played=-7)]).encode()


@pytest.fixture
def at(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("SOUNDCHECK_WAREHOUSE", str(tmp_path / "wh.duckdb"))
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    return _ok(at.switch_page("app_pages/import_data.py").run())


def _ok(at: AppTest) -> AppTest:
    assert not at.exception, at.exception
    return at


def _upload(at: AppTest, content: bytes) -> AppTest:
    at.selectbox(key="import-format").select("spotify")
    at.file_uploader(key="import-files").set_value(
        ("Streaming_History_Audio_2023.json", content, "application/json")
    )
    at = _ok(at.run())
    return _ok(at.button(key="import-check").click().run())


def test_the_page_runs_without_a_warehouse_and_asks_for_files(at: AppTest) -> None:
    assert at.title[0].value == "Import data"
    assert "Upload files" in at.info[0].value
    assert at.selectbox(key="import-format").options[0].startswith("Spotify")


def test_check_shows_preview_then_import_writes_and_summarises(at: AppTest, tmp_path: Path) -> None:
    at = _upload(at, GOOD)
    assert "No problems found" in at.success[0].value
    files, first = (df.value for df in at.dataframe)
    assert files[["read", "kept", "podcast"]].values.tolist() == [[2, 1, 1]]
    assert first["left_out"].tolist() == ["", "podcast"]
    assert not (tmp_path / "wh.duckdb").exists()  # nothing written by checking

    at = _ok(at.button(key="import-run").click().run())

    assert at.subheader[-1].value == "Imported Streaming_History_Audio_2023"
    assert [m.value for m in at.metric][:3] == ["2", "1", "1"]
    con = warehouse.open_readonly(tmp_path / "wh.duckdb")
    try:
        assert con.execute("SELECT count(*) FROM listens").fetchone() == (1,)
    finally:
        con.close()


def test_problems_are_listed_and_import_is_not_offered(at: AppTest, tmp_path: Path) -> None:
    at = _upload(at, BAD)

    assert "problem(s) found" in at.error[0].value
    problems = at.dataframe[0].value
    assert problems[["where", "field", "found"]].values.tolist() == [
        ["record 2", "ms_played", "-7"]
    ]
    assert not [b for b in at.button if b.key == "import-run"]
    assert not (tmp_path / "wh.duckdb").exists()


def test_after_an_import_only_the_summary_and_a_new_import_are_offered(at: AppTest) -> None:
    at = _upload(at, GOOD)
    at = _ok(at.button(key="import-run").click().run())

    assert not [s for s in at.success if "Nothing is written" in s.value]
    assert not [b for b in at.button if b.key in ("import-run", "import-check")]
    assert at.subheader[-1].value == "Imported Streaming_History_Audio_2023"

    at = _ok(at.button(key="import-again").click().run())

    assert "Upload files" in at.info[0].value
    assert not at.metric and not at.dataframe


def test_a_refused_file_shows_its_problems_not_kept_records(at: AppTest) -> None:
    at = _upload(at, BAD)

    files = at.dataframe[1].value
    assert "kept" not in files.columns
    assert files[["read", "records with problems"]].values.tolist() == [[2, 1]]


def test_the_summary_gives_the_new_listener_and_a_later_check_their_stored_pseudonym(
    at: AppTest, tmp_path: Path
) -> None:
    at = _upload(at, GOOD)
    assert at.dataframe[-1].value["user"].isna().all()  # no warehouse, no salt yet
    at = _ok(at.button(key="import-run").click().run())

    assert "New listener: user_id 1" in [m.value for m in at.markdown]

    at = _ok(at.button(key="import-again").click().run())
    at.file_uploader(key="import-files-1").set_value(
        ("Streaming_History_Audio_2024.json", GOOD, "application/json")
    )
    at = _ok(_ok(at.run()).button(key="import-check").click().run())
    con = warehouse.open_readonly(tmp_path / "wh.duckdb")
    try:
        (stored,) = con.execute("SELECT pseudonym FROM users").fetchone()
    finally:
        con.close()
    assert at.dataframe[-1].value["user"].tolist() == [stored[:10]] * 2


def _upload_two(at: AppTest, second: bytes) -> AppTest:
    at.file_uploader(key="import-files").set_value(
        [
            ("Streaming_History_Audio_2023.json", GOOD, "application/json"),
            ("Streaming_History_Audio_2024.json", second, "application/json"),
        ]
    )
    at = _ok(at.run())
    return _ok(at.button(key="import-check").click().run())


NAMES = ["Streaming_History_Audio_2023.json", "Streaming_History_Audio_2024.json"]


def test_several_uploads_are_shown_by_their_own_names(at: AppTest) -> None:
    later = GOOD.replace(b"2023-05-01", b"2024-05-01")
    at = _upload_two(at, later)

    files, first = (df.value for df in at.dataframe)
    assert files["file"].tolist() == NAMES
    assert sorted(set(first["file"])) == NAMES

    at = _ok(at.button(key="import-run").click().run())
    assert at.subheader[-1].value == "Imported Streaming_History_Audio_2023"
    assert at.dataframe[0].value["file"].tolist() == NAMES


def test_a_problem_in_one_of_several_uploads_names_that_file_alone(at: AppTest) -> None:
    at = _upload_two(at, BAD)

    assert at.dataframe[0].value["file"].tolist() == [NAMES[1]]
    assert at.dataframe[0].value["message"].iloc[0].startswith(f"{NAMES[1]}, record 2:")


def test_a_file_of_another_format_says_which_to_choose_and_offers_it(at: AppTest) -> None:
    at.selectbox(key="import-format").select("lastfm-1k")
    at.file_uploader(key="import-files").set_value(
        ("Streaming_History_Audio_2023.json", GOOD, "application/json")
    )
    at = _ok(_ok(at.run()).button(key="import-check").click().run())
    assert "missing columns" in at.dataframe[0].value["found"].iloc[0]

    label = FORMATS["spotify"].label
    assert f"This looks like a {label} export: choose {label}." in [i.value for i in at.info]

    at = _ok(at.button(key="import-switch").click().run())
    assert at.selectbox(key="import-format").value == "spotify"


def test_nothing_is_drawn_above_the_title(at: AppTest) -> None:
    """A bare string in the page module (a constant's docstring) would be drawn by magic."""
    assert at.main[0].type == "title"
