"""The sidebar's warehouse switcher in AppTest: every warehouse of the folder with its size, last
build and datasets; a choice that switches every page, survives page changes and reloads."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from recsys.io import CsvMapping, import_data
from recsys.views.warehouses import fmt_size

APP = Path(__file__).resolve().parents[2] / "app.py"


@pytest.fixture
def folder(tiny_warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """data/ with the demo as the configured warehouse, an import of three plays beside it, and
    a DuckDB file that is not a warehouse."""
    root = tmp_path / "data"
    root.mkdir()
    shutil.copy2(tiny_warehouse, root / "soundcheck.duckdb")
    plays = tmp_path / "plays.csv"
    plays.write_text(
        "user,ts,artist,track\n"
        "alice,2024-01-01T10:00:00Z,Radiohead,Airbag\n"
        "alice,2024-01-01T10:05:00Z,Björk,Jóga\n"
        "bob,2024-01-02T10:00:00Z,Radiohead,Karma Police\n",
        encoding="utf-8",
    )
    columns = {"user": "user", "ts": "ts", "artist": "artist", "track": "track"}
    import_data(root / "mine.duckdb", "csv", plays, mapping=CsvMapping(columns))
    duckdb.connect(str(root / "scratch.duckdb")).execute("CREATE TABLE t (x INT)").close()
    monkeypatch.setenv("SOUNDCHECK_WAREHOUSE", str(root / "soundcheck.duckdb"))
    return root


def _ok(at: AppTest) -> AppTest:
    assert not at.exception, at.exception
    return at


def _app(query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params.update(query or {})
    return _ok(at.run())


def _plays(at: AppTest) -> str:
    return {m.label: m.value for m in at.metric}["Plays"]


def test_the_sidebar_lists_the_warehouses_and_describes_the_current_one(folder: Path) -> None:
    at = _app()

    switch = at.sidebar.selectbox[0]
    sizes = {n: fmt_size((folder / f"{n}.duckdb").stat().st_size) for n in ("mine", "soundcheck")}
    assert switch.options == [f"mine · {sizes['mine']}", f"soundcheck · {sizes['soundcheck']}"]
    assert switch.value == "soundcheck"
    captions = " ".join(c.value for c in at.sidebar.caption)
    assert "no model run" in captions and "synthetic\\-tiny" in captions
    assert "Not listed\\: scratch \\(not a Soundcheck warehouse\\)" in captions
    assert _plays(at) == "20,072"


def test_choosing_a_warehouse_switches_every_page_and_the_address(folder: Path) -> None:
    at = _app()

    at = _ok(at.sidebar.selectbox[0].select("mine").run())

    assert _plays(at) == "3"
    assert at.query_params["warehouse"] == "mine"
    assert at.sidebar.selectbox[0].value == "mine"
    assert "plays" in " ".join(c.value for c in at.sidebar.caption)

    at = _ok(at.switch_page("app_pages/data.py").run())
    assert at.sidebar.selectbox[0].value == "mine"
    at = _ok(at.switch_page("app_pages/overview.py").run())
    assert _plays(at) == "3"

    at = _ok(at.sidebar.selectbox[0].select("soundcheck").run())

    assert _plays(at) == "20,072"  # nothing cached for one warehouse is served for another
    assert "warehouse" not in at.query_params


def test_a_reload_keeps_the_warehouse_the_address_names(folder: Path) -> None:
    at = _app({"warehouse": "mine"})

    assert at.sidebar.selectbox[0].value == "mine"
    assert _plays(at) == "3"


@pytest.mark.parametrize("asked", ["nope", "scratch"])
def test_an_address_naming_no_readable_warehouse_says_so_and_shows_the_default(
    folder: Path, asked: str
) -> None:
    at = _app({"warehouse": asked})

    assert asked in at.sidebar.warning[0].value
    assert "Showing soundcheck\\.duckdb instead" in at.sidebar.warning[0].value
    assert at.sidebar.selectbox[0].value == "soundcheck"
    assert _plays(at) == "20,072"
    assert "warehouse" not in at.query_params


def test_an_address_naming_a_path_is_ignored(folder: Path) -> None:
    at = _app({"warehouse": "../data/mine"})

    assert at.sidebar.selectbox[0].value == "soundcheck"
    assert _plays(at) == "20,072"
