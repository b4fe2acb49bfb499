"""The command-line tool: generate, stats, and one-line errors without tracebacks."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from recsys import warehouse


def soundcheck(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "recsys", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=300,
    )


def test_stats_json_reports_every_canonical_table_and_the_time_span(tiny_warehouse: Path) -> None:
    out = soundcheck("stats", "--warehouse", str(tiny_warehouse), "--json")
    assert out.returncode == 0, out.stderr
    stats = json.loads(out.stdout)
    con = warehouse.open_readonly(tiny_warehouse)
    for table in (
        "users",
        "artists",
        "tracks",
        "listens",
        "play_counts",
        "genres",
        "artist_genres",
        "friends",
    ):
        assert stats[table] == con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    first, last = con.execute("SELECT min(ts), max(ts) FROM listens").fetchone()
    assert stats["first_listen"] == first.isoformat()
    assert stats["last_listen"] == last.isoformat()


def test_generate_writes_a_warehouse_and_respects_no_plants(tmp_path: Path) -> None:
    path = tmp_path / "g.duckdb"
    out = soundcheck(
        "generate", "--preset", "tiny", "--warehouse", str(path), "--seed", "3", "--no-plants"
    )
    assert out.returncode == 0, out.stderr
    assert "wrote" in out.stderr
    con = warehouse.open_readonly(path)
    assert con.execute("SELECT count(*) FROM users").fetchone() == (200,)
    assert con.execute("SELECT count(*) FROM ground_truth_emerging").fetchone() == (0,)
    assert con.execute("SELECT count(*) FROM ground_truth_exposure").fetchone() == (0,)


def test_warehouse_defaults_to_the_environment_variable(tiny_warehouse: Path) -> None:
    out = soundcheck("stats", "--json", env={"SOUNDCHECK_WAREHOUSE": str(tiny_warehouse)})
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["users"] == 200


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("stats", "--warehouse", "/nonexistent/w.duckdb"),
            "no warehouse at /nonexistent/w.duckdb",
        ),
        (("generate", "--preset", "huge", "--warehouse", "/tmp/x.duckdb"), "unknown preset 'huge'"),
    ],
)
def test_errors_are_one_line_without_traceback(args: tuple[str, ...], message: str) -> None:
    out = soundcheck(*args)
    assert out.returncode != 0
    assert message in out.stderr
    assert "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1


def test_a_non_warehouse_file_is_an_error(tmp_path: Path) -> None:
    bogus = tmp_path / "bogus.duckdb"
    bogus.write_bytes(b"not a database")
    out = soundcheck("stats", "--warehouse", str(bogus))
    assert out.returncode == 1
    assert "not a readable DuckDB database" in out.stderr
    assert "Traceback" not in out.stderr
    assert bogus.read_bytes() == b"not a database"


def test_help_lists_the_commands() -> None:
    out = soundcheck("--help")
    assert out.returncode == 0
    for command in ("generate", "stats", "app"):
        assert command in out.stdout


# --- usage errors through the installed entry point -------------------------------------------


def _installed(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the ``soundcheck`` console script installed beside this interpreter."""
    script = Path(sys.executable).with_name("soundcheck")
    assert script.is_file(), f"the soundcheck entry point is not installed at {script}"
    return subprocess.run(
        [str(script), *args],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "80"},
        timeout=120,
    )


def test_bare_soundcheck_prints_the_help_and_succeeds() -> None:
    out = _installed()
    assert out.returncode == 0, out.stderr
    assert "Usage: soundcheck" in out.stdout
    for command in ("generate", "import", "stats", "build", "metrics", "app"):
        assert command in out.stdout
    assert "Traceback" not in out.stdout + out.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("explian",), "No such command 'explian'"),
        (("import",), "Missing argument 'FORMAT'"),
        (("stats", "--bogus"), "No such option: --bogus"),
        (("--bogus",), "No such option: --bogus"),
        (("generate", "--preset"), "Option '--preset' requires an argument"),
    ],
    ids=["mistyped-command", "missing-argument", "unknown-option", "unknown-global", "no-value"],
)
def test_usage_errors_are_one_line_on_stderr_with_status_2(
    args: tuple[str, ...], message: str
) -> None:
    out = _installed(*args)
    assert out.returncode == 2
    assert "Traceback" not in out.stdout + out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    assert lines[0].startswith("error: ") and message in lines[0]
    assert out.stdout == ""


@pytest.mark.parametrize(
    ("args", "hint"),
    [
        (("import", "spotify"), "(see soundcheck import --help)"),
        (("--bogus",), "(see soundcheck --help)"),
    ],
)
def test_a_usage_error_points_at_the_help_of_its_own_command(
    args: tuple[str, ...], hint: str
) -> None:
    out = _installed(*args)
    assert out.returncode == 2
    assert out.stderr.strip().endswith(hint)
    if args[0] == "import":
        assert "Missing argument 'PATH'" in out.stderr  # named as the help names it


def test_a_failing_command_leaves_no_progress_bar_behind_its_error(tmp_path: Path) -> None:
    out = _installed("import", "spotify", str(tmp_path / "missing.zip"), "-w", str(tmp_path / "w"))
    assert out.returncode == 1
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ")
    assert "%" not in out.stderr


def test_a_command_that_exits_with_a_status_passes_it_on(monkeypatch: pytest.MonkeyPatch) -> None:
    import typer

    from recsys import cli

    @cli.app.command("exit-three", hidden=True)
    def exit_three() -> None:
        raise typer.Exit(3)

    try:
        with pytest.raises(SystemExit) as exited:
            cli.main(["exit-three"])
        assert exited.value.code == 3
    finally:
        cli.app.registered_commands = [
            c for c in cli.app.registered_commands if c.name != "exit-three"
        ]
