"""``soundcheck explain``: a listener's recommendations with contributions and reasons, the
global importance, and one clear line (non-zero exit) for every case it cannot answer."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from recsys import warehouse
from recsys.explain import explain_top, global_importance, load_listener, load_ranker, resolve_run

pytestmark = pytest.mark.slow

USER = 11


def soundcheck(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "recsys", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "SOUNDCHECK_LOG": "WARNING", "OMP_WAIT_POLICY": "PASSIVE"},
        timeout=300,
    )


def one_line_error(out: subprocess.CompletedProcess[str]) -> str:
    assert "Traceback" not in out.stderr, out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    assert out.stdout == ""
    return lines[0]


@pytest.fixture(scope="module")
def built(built_tiny_warehouse: Path) -> Path:
    """The session's built tiny (read only; a test that writes copies it)."""
    return built_tiny_warehouse


def test_explain_user_json_gives_contributions_that_add_up_and_reasons(built: Path) -> None:
    out = soundcheck("explain", "-w", str(built), "--user", str(USER), "--top", "5", "--json")
    assert out.returncode == 0, out.stderr
    printed = json.loads(out.stdout)
    assert set(printed) == {"run_id", "user_id", "recommendations"}
    assert printed["user_id"] == USER
    recs = printed["recommendations"]
    assert [r["rank"] for r in recs] == [1, 2, 3, 4, 5]
    con = warehouse.open_readonly(built)
    try:
        info = resolve_run(con)
        expected = explain_top(con, load_listener(con, info, USER), load_ranker(info), 5)
    finally:
        con.close()
    assert printed["run_id"] == info.run_id
    for rec, row in zip(recs, expected.items.itertuples(), strict=True):
        assert set(rec) == {
            "item_id",
            "rank",
            "score",
            "base_value",
            "contributions",
            "reasons",
        }
        assert rec["item_id"] == row.item_id and rec["score"] == pytest.approx(row.score)
        assert list(rec["contributions"]) == list(info.features)
        total = sum(rec["contributions"].values()) + rec["base_value"]
        assert total == pytest.approx(rec["score"], abs=1e-9)
        assert rec["reasons"] == [r.text for r in expected.reasons[row.item_id]]
        assert rec["reasons"] and all(isinstance(t, str) for t in rec["reasons"])


def test_explain_global_json_lists_groups_and_features_largest_first(built: Path) -> None:
    out = soundcheck("explain", "-w", str(built), "--global", "--json")
    assert out.returncode == 0, out.stderr
    printed = json.loads(out.stdout)
    assert set(printed) == {"run_id", "groups", "features"}
    groups = [g["mean_abs_shap"] for g in printed["groups"]]
    features = [f["mean_abs_shap"] for f in printed["features"]]
    assert groups == sorted(groups, reverse=True) and features == sorted(features, reverse=True)
    con = warehouse.open_readonly(built)
    try:
        stored = global_importance(con, resolve_run(con), "feature")
    finally:
        con.close()
    assert [f["name"] for f in printed["features"]] == stored["name"].tolist()
    assert {g["group"] for g in printed["groups"]} == {
        "taste",
        "popularity",
        "familiarity",
        "freshness",
        "context",
        "generators",
    }
    assert printed["groups"][0]["group"] == "taste"


def test_without_json_the_answers_are_tables(built: Path) -> None:
    out = soundcheck("explain", "-w", str(built), "--user", str(USER), "--top", "3")
    assert out.returncode == 0, out.stderr
    assert f"listener {USER}" in out.stdout and "held back by" in out.stdout
    out = soundcheck("explain", "-w", str(built), "--global")
    assert out.returncode == 0, out.stderr
    assert "candidate generators" in out.stdout and "mean |SHAP|" in out.stdout


def test_unknown_listener_run_and_missing_choice_get_one_clear_line(built: Path) -> None:
    out = soundcheck("explain", "-w", str(built), "--user", "999999", "--json")
    assert out.returncode == 1
    assert "listener 999999 has no recommendations" in one_line_error(out)
    out = soundcheck("explain", "-w", str(built), "--global", "--run", "nope")
    assert out.returncode == 1
    assert "no run 'nope'" in one_line_error(out)
    out = soundcheck("explain", "-w", str(built))
    assert out.returncode == 2
    assert "--user ID or --global" in one_line_error(out)


def test_a_run_built_before_explanations_says_to_build_again(
    built: Path, tiny_warehouse: Path, tmp_path: Path
) -> None:
    out = soundcheck("explain", "-w", str(tiny_warehouse), "--global")
    assert out.returncode == 1
    assert "soundcheck build" in one_line_error(out)
    path = tmp_path / "old.duckdb"
    shutil.copy2(built, path)
    with duckdb.connect(str(path)) as con:
        con.execute("DROP TABLE explain_runs")
    out = soundcheck("explain", "-w", str(path), "--user", str(USER))
    assert out.returncode == 1
    line = one_line_error(out)
    assert "was built before explanations were stored" in line and "soundcheck build" in line
