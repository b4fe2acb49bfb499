"""``soundcheck audit``: the report files, an external list beside the run's own, and one-line
errors that leave the warehouse as it was."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from recsys import warehouse

pytestmark = pytest.mark.slow


def soundcheck(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "recsys", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "SOUNDCHECK_LOG": "WARNING"},
        timeout=300,
    )


def one_line_error(out: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in out.stderr, out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    return lines[0]


@pytest.fixture
def copy(built_tiny_copy: Path) -> Path:
    """A private copy of the session's built tiny (a run and its audit)."""
    return built_tiny_copy


def _list(path: Path, wh: Path, bad_row: int | None = None) -> Path:
    con = warehouse.open_readonly(wh)
    try:
        users = [u for (u,) in con.execute("SELECT user_id FROM users ORDER BY 1").fetchall()]
        items = [
            t for (t,) in con.execute("SELECT track_id FROM tracks ORDER BY 1 LIMIT 5").fetchall()
        ]
    finally:
        con.close()
    lines = ["user,item,rank"]
    lines += [f"{u},{t},{r + 1}" for u in users for r, t in enumerate(items)]
    if bad_row is not None:
        lines[bad_row] = lines[bad_row].rsplit(",", 1)[0] + ",first"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_report_files_are_written(copy: Path, tmp_path: Path) -> None:
    html, js = tmp_path / "r.html", tmp_path / "r.json"
    out = soundcheck("audit", "-w", str(copy), "--html", str(html), "--json", str(js))
    assert out.returncode == 0, out.stderr
    report = json.loads(js.read_text(encoding="utf-8"))
    assert [r["name"] for r in report["recommendations"]] == ["soundcheck"]
    assert report["run_id"] in html.read_text(encoding="utf-8")
    assert {f["verdict"] for f in report["figures"]} <= {
        "pass",
        "fail",
        "inconclusive",
        "suppressed",
    }


def test_an_external_list_is_audited_beside_the_runs_own(copy: Path, tmp_path: Path) -> None:
    lists = _list(tmp_path / "five.csv", copy)
    js = tmp_path / "r.json"
    out = soundcheck(
        "audit",
        "-w",
        str(copy),
        "--recommendations",
        str(lists),
        "--name",
        "first five",
        "--json",
        str(js),
    )
    assert out.returncode == 0, out.stderr
    assert "first five" in out.stderr and "audited beside run" in out.stderr
    report = json.loads(js.read_text(encoding="utf-8"))
    assert [r["name"] for r in report["recommendations"]] == ["soundcheck", "first five"]
    names = {f["recommendations"] for f in report["figures"]}
    assert names == {"soundcheck", "first five"}
    summary = soundcheck("audit", "-w", str(copy))
    assert summary.returncode == 0 and "first five" in summary.stdout


def test_a_malformed_list_is_refused_in_one_line_and_changes_nothing(
    copy: Path, tmp_path: Path
) -> None:
    lists = _list(tmp_path / "bad.csv", copy, bad_row=7)
    before = copy.read_bytes()
    out = soundcheck("audit", "-w", str(copy), "--recommendations", str(lists), "--name", "bad")
    assert out.returncode == 1
    line = one_line_error(out)
    assert str(lists) in line and "row 7: field rank" in line and "'first'" in line
    assert copy.read_bytes() == before


def test_usage_errors(copy: Path, tiny_warehouse: Path, tmp_path: Path) -> None:
    lists = _list(tmp_path / "five.csv", copy)
    out = soundcheck("audit", "-w", str(copy), "--recommendations", str(lists))
    assert out.returncode == 2 and "--name" in one_line_error(out)
    out = soundcheck("audit", "-w", str(copy), "--ids", "guess")
    assert out.returncode == 2 and "--ids" in one_line_error(out)
    out = soundcheck("audit", "-w", str(tiny_warehouse))
    assert out.returncode == 1 and "no model has been built" in one_line_error(out)
