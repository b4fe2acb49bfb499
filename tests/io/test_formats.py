"""The format registry is the one place a format is declared: every consumer reads it.

A dummy format is registered for the duration of a test and must reach the import and preview
dispatch of ``recsys.io``, the ``soundcheck import`` command (help and accepted values) and the
Import page (menu, label, upload hint, mapping widgets). A consumer that kept its own list of
formats would miss the dummy, and the test for it would fail.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path, PurePosixPath

import pytest
import typer
from iofiles import spotify_record, write_json
from streamlit.testing.v1 import AppTest
from typer.testing import CliRunner

from recsys import warehouse
from recsys.cli import importing as cli_import
from recsys.errors import DataError
from recsys.io import FORMATS, FileFormat, Format, import_data, preview
from recsys.io import formats as registry
from recsys.io._options import Options
from recsys.io._stage import Stager
from recsys.io._zipsafe import Found
from recsys.io.formats import spotify

APP = Path(__file__).resolve().parents[2] / "app.py"

CALLS: list[list[str]] = []


def _stage(st: Stager, files: list[Found], options: Options) -> None:
    CALLS.append([f.relpath for f in files])
    spotify.stage(st, files, options)


DUMMY = FileFormat(
    name="dummy",
    grain="track",
    label="Dummy FM listening log",
    hint="Upload `dummy_*.json` from Dummy FM.",
    patterns=("dummy_*.json",),
    select=lambda relpath: fnmatch.fnmatch(PurePosixPath(relpath).name.lower(), "dummy_*.json"),
    staging=_stage,
)


@pytest.fixture
def dummy(monkeypatch: pytest.MonkeyPatch) -> Iterator[FileFormat]:
    """DUMMY registered (and removed again after the test)."""
    CALLS.clear()
    monkeypatch.setitem(registry._REGISTERED, DUMMY.name, DUMMY)
    yield DUMMY


def _dummy_files(root: Path) -> Path:
    folder = root / "dummy_export"
    write_json(
        folder / "dummy_1.json", [spotify_record(), spotify_record(ts="2023-05-02T09:00:00Z")]
    )
    write_json(folder / "Streaming_History_Audio_2023.json", [spotify_record()])  # not selected
    return folder


def test_the_registry_holds_protocol_objects_under_their_own_names() -> None:
    assert list(FORMATS) == ["spotify", "lastfm-1k", "hetrec-lastfm", "listenbrainz", "csv"]
    for name, fmt in FORMATS.items():
        assert isinstance(fmt, Format)
        assert fmt.name == name and fmt.label and fmt.hint and fmt.patterns


@pytest.mark.parametrize("name", list(FORMATS))
def test_every_file_pattern_is_read_by_its_format(name: str) -> None:
    fmt = FORMATS[name]
    for pattern in fmt.patterns:
        example = re.sub(r"\*", "2023", pattern)
        assert fmt.wanted(f"export/{example}"), (name, pattern)
        assert fmt.wanted(example.upper()), (name, pattern)


def test_preview_and_import_dispatch_to_a_registered_format(dummy: FileFormat, tmp_path: Path):
    source = _dummy_files(tmp_path)

    result = preview("dummy", source)
    assert result.ok and result.grain == "track"
    assert result.frame["file"].tolist() == ["dummy_export/dummy_1.json"] * 2
    assert CALLS == [["dummy_1.json"]]

    summary = import_data(tmp_path / "wh.duckdb", "dummy", source)
    assert summary.source_format == "dummy" and summary.kept == 2
    con = warehouse.open_readonly(tmp_path / "wh.duckdb")
    try:
        assert con.execute("SELECT DISTINCT source FROM listens").fetchall() == [("dummy",)]
    finally:
        con.close()


def test_an_unknown_format_lists_the_registered_ones(dummy: FileFormat, tmp_path: Path):
    with pytest.raises(DataError, match=r"unknown format 'nope'; expected one of .*csv, dummy"):
        preview("nope", tmp_path)


def _cli() -> typer.Typer:
    app = typer.Typer()
    app.callback()(lambda: None)
    cli_import.register(app)
    return app


def test_the_cli_help_and_choices_come_from_the_registry(dummy: FileFormat, tmp_path: Path):
    runner = CliRunner()
    shown = runner.invoke(_cli(), ["import", "--help"], env={"COLUMNS": "200"})
    assert shown.exit_code == 0
    assert "listenbrainz, csv or dummy." in shown.output

    wh = tmp_path / "wh.duckdb"
    ran = runner.invoke(_cli(), ["import", "dummy", str(_dummy_files(tmp_path)), "-w", str(wh)])
    assert ran.exit_code == 0, ran.output
    assert "dummy_1.json" in ran.output

    refused = runner.invoke(_cli(), ["import", "nope", str(tmp_path), "-w", str(wh)])
    assert refused.exit_code == 2
    assert "csv or dummy" in refused.output


def _import_page(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("SOUNDCHECK_WAREHOUSE", str(tmp_path / "wh.duckdb"))
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    at = at.switch_page("app_pages/import_data.py").run()
    assert not at.exception, at.exception
    return at


def test_the_import_page_offers_the_registered_format_with_its_hint(
    dummy: FileFormat, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _import_page(tmp_path, monkeypatch)
    menu = at.selectbox(key="import-format")
    assert menu.options[-1] == "Dummy FM listening log"

    at = menu.select("dummy").run()
    assert not at.exception, at.exception
    assert "Upload `dummy_*.json` from Dummy FM." in [c.value for c in at.caption]
    assert not at.expander  # no column mapping for a format that takes none

    monkeypatch.setitem(registry._REGISTERED, "dummy", replace(DUMMY, takes_mapping=True))
    at = at.run()
    assert [e.label for e in at.expander] == ["Column mapping"]
