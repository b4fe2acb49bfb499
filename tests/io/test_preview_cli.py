"""The preview reads and validates without a warehouse; the CLI command imports and reports."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import duckdb
import pytest
import typer
from iofiles import (
    CSV_COLUMNS,
    file_digest,
    plays_csv,
    query,
    spotify_export,
    spotify_record,
    write_json,
)
from typer.testing import CliRunner

from recsys.cli import importing as cli_import
from recsys.io import CsvMapping, ImportSummary, import_data, preview


def test_preview_shows_normalised_plays_and_counts(tmp_path: Path) -> None:
    result = preview("spotify", spotify_export(tmp_path), n=4)

    assert result.ok and result.grain == "track"
    assert len(result.frame) == 4
    assert list(result.frame.columns[:5]) == ["file", "user", "start_utc", "artist", "track"]
    assert str(result.frame["start_utc"].iloc[0]) == "2023-05-01 10:00:00"
    assert result.frame["left_out"].tolist()[3] == "podcast"
    assert result.files_frame()["read"].tolist() == [6, 1]


def test_preview_reports_every_problem_instead_of_raising(tmp_path: Path) -> None:
    path = write_json(
        tmp_path / "Streaming_History_Audio_1.json",
        [spotify_record(ts="soon"), spotify_record(ms_played=-3)],
    )
    result = preview("spotify", path)

    assert not result.ok
    frame = result.problems_frame()
    assert frame[["where", "field", "found"]].values.tolist() == [
        ["record 1", "ts", "soon"],
        ["record 2", "ms_played", "-3"],
    ]


def test_preview_of_a_structural_error(tmp_path: Path) -> None:
    path = tmp_path / "plays.csv"
    path.write_text("a,b\n1,2\n")
    result = preview("csv", path, mapping=CsvMapping(CSV_COLUMNS))
    assert "field 'User Id' is missing" in str(result.problems[0])
    assert result.frame.empty


def test_preview_of_csv_without_a_mapping_says_so(tmp_path: Path) -> None:
    result = preview("csv", plays_csv(tmp_path))
    assert "a column mapping" in str(result.problems[0])


def _app() -> typer.Typer:
    app = typer.Typer()

    @app.callback()
    def main() -> None:
        """Soundcheck."""

    cli_import.register(app)
    return app


def test_cli_imports_with_columns_and_prints_a_summary(tmp_path: Path) -> None:
    wh = tmp_path / "w.duckdb"
    cols = [f"--col={role}={column}" for role, column in CSV_COLUMNS.items()]
    result = CliRunner().invoke(
        _app(),
        [
            "import",
            "csv",
            str(plays_csv(tmp_path)),
            "-w",
            str(wh),
            *cols,
            "--col",
            "timezone=Europe/Berlin",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "plays.csv" in result.output
    assert "3 listens" in result.output


def test_cli_refusal_is_one_line_and_exit_status_1(tmp_path: Path) -> None:
    wh = tmp_path / "w.duckdb"
    CliRunner().invoke(_app(), ["import", "spotify", str(spotify_export(tmp_path)), "-w", str(wh)])
    before = file_digest(wh)
    bad = write_json(
        tmp_path / "bad" / "Streaming_History_Audio_1.json", [spotify_record(ms_played=-1)]
    )
    code = (
        "import sys, typer\n"
        "from recsys.cli import importing as cli_import\n"
        "from recsys.errors import SoundcheckError\n"
        "app = typer.Typer()\n"
        "app.callback()(lambda: None)\n"
        "cli_import.register(app)\n"
        "try:\n"
        "    app(sys.argv[1:], standalone_mode=False)\n"
        "except SoundcheckError as exc:\n"
        "    print(f'error: {exc}', file=sys.stderr)\n"
        "    sys.exit(1)\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, "import", "spotify", str(bad), "-w", str(wh)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 1
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith("error: Streaming_History_Audio_1.json, record 1: field 'ms_played'")
    assert "Traceback" not in proc.stderr
    assert file_digest(wh) == before


def test_a_refused_preview_counts_problems_per_file_and_keeps_nothing(tmp_path: Path) -> None:
    good = write_json(tmp_path / "src" / "Streaming_History_Audio_1.json", [spotify_record()])
    write_json(
        good.parent / "Streaming_History_Audio_2.json",
        [spotify_record(), spotify_record(ms_played=-3), spotify_record(ts="soon")],
    )
    result = preview("spotify", good.parent)

    frame = result.files_frame()
    assert list(frame.columns) == ["file", "role", "read", "records with problems"]
    assert frame[["read", "records with problems"]].values.tolist() == [[1, 0], [3, 2]]


def test_the_preview_shows_the_pseudonym_the_warehouse_will_store(
    empty_wh: Path, tmp_path: Path
) -> None:
    source = spotify_export(tmp_path)
    shown = preview("spotify", source, warehouse_path=empty_wh).frame["user"].iloc[0]

    import_data(empty_wh, "spotify", source)

    stored = query(empty_wh, "SELECT pseudonym FROM users")
    assert len(stored) == 1 and stored[0][0].startswith(shown) and len(shown) == 10


def test_without_a_warehouse_the_preview_shows_no_pseudonym(tmp_path: Path) -> None:
    frame = preview(
        "spotify", spotify_export(tmp_path), warehouse_path=tmp_path / "none.duckdb"
    ).frame
    assert frame["user"].isna().all()
    assert preview("spotify", spotify_export(tmp_path)).frame["user"].isna().all()


def test_the_summary_names_the_listeners_and_the_new_ones(empty_wh: Path, tmp_path: Path) -> None:
    first = import_data(empty_wh, "spotify", spotify_export(tmp_path / "a"))
    assert (first.user_ids, first.new_user_ids) == ((1,), (1,))
    assert first.listeners == "New listener: user_id 1"

    again = import_data(empty_wh, "spotify", spotify_export(tmp_path / "b"))
    assert (again.user_ids, again.new_user_ids) == ((1,), ())
    assert again.listeners == "Listener (already imported): user_id 1"

    other = spotify_export(tmp_path / "c", [spotify_record(username="someone_else")])
    assert import_data(empty_wh, "spotify", other).new_user_ids == (2,)


@pytest.mark.parametrize(
    ("ids", "new", "text"),
    [
        ((), (), "No listener was named by the imported records."),
        ((3, 4, 5), (5,), "3 listeners (user_id 3–5), 1 of them new"),
        ((1, 2, 4, 8, 16, 32), (), "6 listeners (user_id 1, 2, 4, 8, 16, …), 0 of them new"),
    ],
)
def test_the_listeners_are_named_by_range_or_first_ids(
    ids: tuple[int, ...], new: tuple[int, ...], text: str
) -> None:
    summary = ImportSummary("d", "spotify", "track", (), {}, "h", True, ids, new)
    assert summary.listeners == text


def test_a_folder_of_uploads_is_named_by_its_files(tmp_path: Path) -> None:
    folder = tmp_path / "soundcheck-upload-x1y2"
    write_json(folder / "Streaming_History_Audio_1.json", [spotify_record()])
    (folder / "notes.txt").write_text("not a history")

    shown = preview("spotify", folder, show_folder=False)
    assert shown.files_frame()["file"].tolist() == ["Streaming_History_Audio_1.json"]

    (folder / "Streaming_History_Audio_1.json").unlink()
    refused = preview("spotify", folder, show_folder=False)
    assert str(refused.problems[0]).startswith("notes.txt: found no such file")


def test_cli_import_runs_duckdb_within_the_memory_limit_and_spill_folder_given(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from recsys import warehouse

    seen: list[tuple[warehouse.Limits | None, str, str]] = []
    real = warehouse.building

    @contextmanager
    def spying(path: Path, **kwargs: Any) -> Iterator[duckdb.DuckDBPyConnection]:
        with real(path, **kwargs) as con:
            ((memory, spill),) = con.execute(
                "SELECT current_setting('memory_limit'), current_setting('temp_directory')"
            ).fetchall()
            seen.append((kwargs.get("limits"), memory, spill))
            yield con

    monkeypatch.setattr(warehouse, "building", spying)
    spill = tmp_path / "spill"
    spill.mkdir()
    wh = tmp_path / "w.duckdb"
    result = CliRunner().invoke(
        _app(),
        [
            *("import", "spotify", str(spotify_export(tmp_path)), "-w", str(wh)),
            *("--memory-limit", "300MB", "--temp-dir", str(spill)),
        ],
    )

    assert result.exit_code == 0, result.output
    ((limits, memory, folder),) = seen
    assert limits == warehouse.Limits("300MB", spill)
    assert memory == "286.1 MiB"  # DuckDB's reading of 300 MB
    assert Path(folder).parent == spill  # the write's own folder under the one given ...
    assert list(spill.iterdir()) == []  # ... removed when the write ended


def test_cli_import_refuses_a_memory_limit_that_is_not_a_size_in_one_line(tmp_path: Path) -> None:
    wh = tmp_path / "w.duckdb"
    proc = subprocess.run(
        [
            *(sys.executable, "-m", "recsys", "import", "spotify", str(spotify_export(tmp_path))),
            *("-w", str(wh), "--memory-limit", "lots"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2
    assert "memory limit 'lots' is not a size" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not wh.exists()
