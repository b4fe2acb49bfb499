"""``soundcheck datasets`` (list, remove with confirmation) and ``soundcheck import --mix``."""

from __future__ import annotations

import hashlib
import json
import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from recsys import warehouse
from recsys.io import CsvMapping, import_data

PLAYS = (
    "user,ts,artist,track\n"
    "alice,2024-01-01T10:00:00Z,Radiohead,Airbag\n"
    "alice,2024-01-01T10:05:00Z,Björk,Jóga\n"
    "bob,2024-01-02T10:00:00Z,Radiohead,Karma Police\n"
)
COLUMNS = ("--col", "user=user", "--col", "ts=ts", "--col", "artist=artist", "--col", "track=track")
REMOVED = "3 plays, 2 listeners, 3 tracks, 2 artists"


def soundcheck(*args: str, stdin: int | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "recsys", *args],
        capture_output=True,
        text=True,
        stdin=subprocess.DEVNULL if stdin is None else stdin,
        env={**os.environ, "COLUMNS": "200"},
        timeout=300,
    )


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def plays(tmp_path: Path) -> Path:
    path = tmp_path / "plays.csv"
    path.write_text(PLAYS, encoding="utf-8")
    return path


@pytest.fixture
def mixed(writable_warehouse: Path, plays: Path) -> Path:
    """The tiny demo with a CSV of three plays imported into it anyway."""
    mapping = CsvMapping({"user": "user", "ts": "ts", "artist": "artist", "track": "track"})
    import_data(writable_warehouse, "csv", plays, mapping=mapping, allow_mix=True)
    return writable_warehouse


def test_datasets_json_lists_each_dataset_with_its_rows(mixed: Path) -> None:
    out = soundcheck("datasets", "--warehouse", str(mixed), "--json")

    assert out.returncode == 0, out.stderr
    listed = json.loads(out.stdout)
    rows = [
        (d["dataset_id"], d["name"], d["source_format"], d["listens"], d["friends"])
        for d in listed["datasets"]
    ]
    assert rows == [(1, "synthetic-tiny", "synthetic", 20072, 676), (2, "plays", "csv", 3, 0)]
    assert listed["untracked"] == {"listens": 0, "play_counts": 0, "friends": 0}


def test_datasets_prints_a_table(mixed: Path) -> None:
    out = soundcheck("datasets", "--warehouse", str(mixed))

    assert out.returncode == 0, out.stderr
    assert "synthetic-tiny" in out.stdout and "20,072" in out.stdout
    assert "plays" in out.stdout and "csv" in out.stdout


def test_remove_with_yes_removes_and_says_what(mixed: Path) -> None:
    out = soundcheck("datasets", "remove", "plays", "--warehouse", str(mixed), "--yes")

    assert out.returncode == 0, out.stderr
    assert f"removed plays (csv, #2) from {mixed}: {REMOVED}" in out.stderr
    con = warehouse.open_readonly(mixed)
    try:
        assert con.execute("SELECT name FROM datasets").fetchall() == [("synthetic-tiny",)]
    finally:
        con.close()


def test_remove_without_yes_off_a_terminal_refuses_in_one_line(mixed: Path) -> None:
    before = _digest(mixed)

    out = soundcheck("datasets", "remove", "2", "--warehouse", str(mixed))

    assert out.returncode == 1
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    assert "not removing plays (csv, #2)" in lines[0] and REMOVED in lines[0]
    assert "pass --yes" in lines[0]
    assert _digest(mixed) == before


def _on_a_terminal(args: list[str], answer: bytes) -> tuple[int, str]:
    """Run the CLI with a pseudo-terminal as stdin, typing ``answer`` at the prompt."""
    leader, follower = pty.openpty()
    try:
        os.write(leader, answer)
        out = soundcheck(*args, stdin=follower)
    finally:
        os.close(follower)
        os.close(leader)
    return out.returncode, out.stderr


def test_remove_on_a_terminal_asks_and_no_keeps_the_dataset(mixed: Path) -> None:
    before = _digest(mixed)

    code, stderr = _on_a_terminal(
        ["datasets", "remove", "plays", "--warehouse", str(mixed)], b"n\n"
    )

    assert code == 1
    assert f"This removes plays (csv, #2) from {mixed}: {REMOVED}." in stderr
    assert "Remove it? [y/N]" in stderr
    assert f"error: nothing removed: plays (csv, #2) stays in {mixed}" in stderr
    assert _digest(mixed) == before


def test_remove_on_a_terminal_asks_and_yes_removes(mixed: Path) -> None:
    code, stderr = _on_a_terminal(
        ["datasets", "remove", "plays", "--warehouse", str(mixed)], b"y\n"
    )

    assert code == 0, stderr
    assert "removed plays (csv, #2)" in stderr


def test_an_unknown_dataset_is_one_line(mixed: Path) -> None:
    out = soundcheck("datasets", "remove", "nope", "--warehouse", str(mixed), "--yes")

    assert out.returncode == 1
    assert out.stderr.strip().splitlines() == [
        "error: no dataset 'nope' in this warehouse; its datasets: synthetic-tiny (synthetic, "
        "#1), plays (csv, #2)"
    ]


def test_import_into_the_demo_is_refused_with_the_warehouse_to_use(
    writable_warehouse: Path, plays: Path
) -> None:
    before = _digest(writable_warehouse)

    out = soundcheck("import", "csv", str(plays), "--warehouse", str(writable_warehouse), *COLUMNS)

    assert out.returncode == 1
    suggested = writable_warehouse.parent / "plays.duckdb"
    assert out.stderr.strip().splitlines() == [
        f"error: {writable_warehouse} holds the synthetic demo: importing real data there would "
        f"mix the two. Import into a new warehouse with --warehouse {suggested}, or pass --mix "
        "to add it anyway."
    ]
    assert _digest(writable_warehouse) == before

    mixed = soundcheck(
        "import", "csv", str(plays), "--warehouse", str(writable_warehouse), *COLUMNS, "--mix"
    )
    assert mixed.returncode == 0, mixed.stderr
    alone = soundcheck("import", "csv", str(plays), "--warehouse", str(suggested), *COLUMNS)
    assert alone.returncode == 0, alone.stderr


def test_the_suggested_warehouse_is_a_free_name(writable_warehouse: Path, plays: Path) -> None:
    shutil.copy2(writable_warehouse, writable_warehouse.parent / "plays.duckdb")

    out = soundcheck("import", "csv", str(plays), "--warehouse", str(writable_warehouse), *COLUMNS)

    assert f"--warehouse {writable_warehouse.parent / 'plays-2.duckdb'}," in out.stderr
