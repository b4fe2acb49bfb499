"""Explore › Import in AppTest: upload, check (preview and problems), import, summary."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from recsys import warehouse
from recsys.io import FORMATS, import_data

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

    assert at.subheader[0].value == "Imported Streaming_History_Audio_2023"
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
    assert at.subheader[0].value == "Imported Streaming_History_Audio_2023"

    at = _ok(at.button(key="import-again").click().run())

    assert "Upload files" in at.info[0].value
    assert not at.metric
    # the one table left lists the warehouse's datasets
    assert [df.value["name"].tolist() for df in at.dataframe] == [["Streaming_History_Audio_2023"]]


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
    first_records = at.dataframe[-2].value  # the last table lists the warehouse's datasets
    assert first_records["user"].tolist() == [stored[:10]] * 2


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
    assert at.subheader[0].value == "Imported Streaming_History_Audio_2023"
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


# --- a generic file's genre column ----------------------------------------------------------

GENRE_CSV = (
    b"who,when,band,song,style\n"
    b"u1,2024-01-01T10:00:00Z,Kano,Reload It,Hip-Hop/british/seen live\n"
    b"u1,2024-01-01T10:05:00Z,Goldie,Inner City Life,dnb/zorblax\n"
)


def test_the_mapping_offers_a_genre_column_with_its_separators(at: AppTest) -> None:
    at = _ok(at.selectbox(key="import-format").select("csv").run())
    genre = at.text_input(key="import-col-genre")
    assert genre.label == "Genre or tags column (optional)"
    assert "seen live" in genre.help and "canonical genres" in genre.help
    sep = at.text_input(key="import-genre-sep")
    assert sep.value == ";|," and "Each character splits a cell" in sep.help


def test_a_csv_with_a_genre_column_imports_its_tags_as_genres(at: AppTest, tmp_path: Path) -> None:
    at = _ok(at.selectbox(key="import-format").select("csv").run())
    for role, column in {
        "user": "who",
        "ts": "when",
        "artist": "band",
        "track": "song",
        "genre": "style",
    }.items():
        at.text_input(key=f"import-col-{role}").input(column)
    at.text_input(key="import-genre-sep").input("/")
    at.file_uploader(key="import-files").set_value(("plays.csv", GENRE_CSV, "text/csv"))
    at = _ok(_ok(at.run()).button(key="import-check").click().run())
    assert "No problems found" in at.success[0].value

    at = _ok(at.button(key="import-run").click().run())

    con = warehouse.open_readonly(tmp_path / "wh.duckdb")
    try:
        tags = con.execute("SELECT tag, kind FROM artist_tags ORDER BY tag").fetchall()
        genres = con.execute("SELECT name FROM genres ORDER BY name").fetchall()
    finally:
        con.close()
    assert tags == [
        ("Hip-Hop", "genre"),
        ("british", "place"),
        ("dnb", "genre"),
        ("seen live", "opinion"),
        ("zorblax", "unknown"),
    ]
    assert genres == [("drum and bass",), ("electronic",), ("hip hop",)]


# --- real data kept apart from the demo; datasets listed and removed ----------------------------


@pytest.fixture
def demo_at(
    tiny_warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[AppTest, Path]:
    """The Import page over a folder whose configured warehouse holds the tiny demo."""
    folder = tmp_path / "data"
    folder.mkdir()
    demo = folder / "soundcheck.duckdb"
    shutil.copy2(tiny_warehouse, demo)
    monkeypatch.setenv("SOUNDCHECK_WAREHOUSE", str(demo))
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    return _ok(at.switch_page("app_pages/import_data.py").run()), demo


def _plain(markdown: str) -> str:
    """Text the page escaped for Markdown, as the reader sees it."""
    return re.sub(r"\\(.)", r"\1", markdown)


def _listens(path: Path) -> int:
    con = warehouse.open_readonly(path)
    try:
        return int(con.execute("SELECT count(*) FROM listens").fetchall()[0][0])
    finally:
        con.close()


def test_importing_next_to_the_demo_goes_into_a_new_warehouse_and_switches_to_it(
    demo_at: tuple[AppTest, Path],
) -> None:
    at, demo = demo_at
    before = hashlib.sha256(demo.read_bytes()).hexdigest()
    at = _upload(at, GOOD)

    assert "holds the synthetic demo" in at.warning[0].value
    assert at.radio(key="import-target").value == "new"
    name = next(t for t in at.text_input if t.label == "New warehouse")
    assert name.value == "streaming-history-audio-2023"

    at = _ok(at.button(key="import-run").click().run())

    created = demo.parent / "streaming-history-audio-2023.duckdb"
    assert _listens(created) == 1
    assert hashlib.sha256(demo.read_bytes()).hexdigest() == before
    assert "the dashboard now shows it" in at.success[-1].value
    assert at.query_params["warehouse"] == "streaming-history-audio-2023"
    assert at.sidebar.selectbox[0].value == "streaming-history-audio-2023"
    assert at.subheader[-1].value == "Datasets in streaming-history-audio-2023.duckdb"

    at = _ok(at.button(key="import-again").click().run())
    assert not [m for m in at.success if "now shows it" in m.value]
    assert not at.warning  # the new warehouse holds no demo: nothing to keep apart


def test_mixing_with_the_demo_is_a_choice(demo_at: tuple[AppTest, Path]) -> None:
    at, demo = demo_at
    at = _upload(at, GOOD)
    at = _ok(at.radio(key="import-target").set_value("mix").run())
    at = _ok(at.button(key="import-check").click().run())

    at = _ok(at.button(key="import-run").click().run())

    assert _listens(demo) == 20073
    assert "warehouse" not in at.query_params
    listed = at.dataframe[-1].value
    assert listed[["dataset_id", "name", "listens"]].values.tolist() == [
        [1, "synthetic-tiny", 20072],
        [2, "Streaming_History_Audio_2023", 1],
    ]


def _mix(demo: Path, tmp_path: Path) -> Path:
    """Import one Spotify play into the demo anyway."""
    source = tmp_path / "Streaming_History_Audio_2023.json"
    source.write_bytes(GOOD)
    import_data(demo, "spotify", source, allow_mix=True)
    return demo


@pytest.fixture
def mixed_at(demo_at: tuple[AppTest, Path], tmp_path: Path) -> tuple[AppTest, Path]:
    """The Import page over the demo with one Spotify play imported into it anyway."""
    at, demo = demo_at
    _mix(demo, tmp_path)
    return _ok(at.run()), demo


def _ask_to_remove(at: AppTest, dataset_id: int) -> AppTest:
    at = _ok(at.selectbox(key="remove-choice").select(dataset_id).run())
    return _ok(at.button(key="remove-ask").click().run())


def test_a_dataset_is_removed_once_its_name_is_typed(mixed_at: tuple[AppTest, Path]) -> None:
    at, demo = mixed_at
    at = _ask_to_remove(at, 2)

    warning = _plain(at.warning[-1].value)
    assert "Removing Streaming_History_Audio_2023 (spotify, #2)" in warning
    assert "deletes 1 play, 1 listener, 1 track, 1 artist from soundcheck.duckdb" in warning
    assert at.button(key="remove-run").disabled
    at = _ok(at.text_input(key="remove-confirm-2").input("Streaming_History").run())
    assert at.button(key="remove-run").disabled

    at = _ok(at.text_input(key="remove-confirm-2").input("Streaming_History_Audio_2023").run())
    at = _ok(at.button(key="remove-run").click().run())

    assert _listens(demo) == 20072
    assert "Removed Streaming" in at.success[-1].value
    assert at.dataframe[-1].value["name"].tolist() == ["synthetic-tiny"]
    assert not [b for b in at.button if b.key == "remove-run"]


def test_a_cancelled_removal_changes_nothing(mixed_at: tuple[AppTest, Path]) -> None:
    at, demo = mixed_at
    before = hashlib.sha256(demo.read_bytes()).hexdigest()
    at = _ask_to_remove(at, 1)
    assert "planted truth" in at.warning[-1].value
    assert "deletes 20,072 plays, 676 friendships, 200 listeners" in _plain(at.warning[-1].value)

    at = _ok(at.button(key="remove-cancel").click().run())

    assert not [b for b in at.button if b.key == "remove-run"]
    assert hashlib.sha256(demo.read_bytes()).hexdigest() == before


def test_a_version_1_warehouse_lists_its_datasets_and_says_how_to_remove_one(
    tiny_warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    demo = _mix(Path(shutil.copy2(tiny_warehouse, tmp_path / "old.duckdb")), tmp_path)
    con = duckdb.connect(str(demo))
    for table in ("listens", "play_counts", "friends", "datasets"):
        con.execute(f"ALTER TABLE {table} DROP COLUMN dataset_id")
    con.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    con.close()
    monkeypatch.setenv("SOUNDCHECK_WAREHOUSE", str(demo))
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    at = _ok(at.switch_page("app_pages/import_data.py").run())

    assert at.dataframe[-1].value["name"].tolist() == [
        "synthetic-tiny",
        "Streaming_History_Audio_2023",
    ]
    assert any("Written before datasets were tracked" in c.value for c in at.main.caption)
    at = _ask_to_remove(at, 2)
    assert "any write upgrades it" in at.error[-1].value
