"""``soundcheck build`` and ``soundcheck metrics``: a run's JSON summary, one-line errors."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from recsys import warehouse
from recsys.views import runs

MODELS = {"lightgbm_ranker", "most_popular", "item_knn", "ease", "als", "oracle"}
METRICS = {"ndcg@10", "recall@10", "recall@50", "map@10", "mrr", "hit@10"}


def soundcheck(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "recsys", *args],
        capture_output=True,
        text=True,
        # passive OpenMP waits: on two shared cores LightGBM's spinning threads can make even
        # the tiny build 10-100x slower (the run itself is the same)
        env={**os.environ, "SOUNDCHECK_LOG": "WARNING", "OMP_WAIT_POLICY": "PASSIVE"},
        timeout=300,
    )


def one_line_error(out: subprocess.CompletedProcess[str]) -> str:
    """The error a command printed: exactly one line on stderr, no traceback, no stdout."""
    assert "Traceback" not in out.stderr, out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    assert out.stdout == ""
    return lines[0]


@pytest.fixture(scope="module")
def built(tiny_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A copy of tiny after ``soundcheck build``, and what the build printed."""
    path = tmp_path_factory.mktemp("cli-build") / "tiny.duckdb"
    shutil.copy2(tiny_warehouse, path)
    out = soundcheck("build", "--warehouse", str(path), "--model-dir", str(path.parent / "m"))
    assert out.returncode == 0, out.stderr
    return {"path": path, "stderr": out.stderr}


@pytest.mark.slow
def test_build_then_metrics_json_prints_the_run_summary(built: dict[str, Any]) -> None:
    path = built["path"]
    out = soundcheck("metrics", "--warehouse", str(path), "--json")
    assert out.returncode == 0, out.stderr
    printed = json.loads(out.stdout)
    assert set(printed) == {"run_id", "task", "users_evaluated", "candidate_recall", "models"}
    assert printed["task"] == "discovery"
    assert set(printed["models"]) == MODELS
    for model, values in printed["models"].items():
        assert set(values) == METRICS, model
    con = warehouse.open_readonly(path)
    try:
        (run_id, stored), *others = con.execute("SELECT run_id, summary FROM runs").fetchall()
        assert others == []
        assert printed == json.loads(stored) == runs.run_summary(con)
        n_models = len(list((path.parent / "m").glob(f"{run_id}.txt")))
    finally:
        con.close()
    assert printed["run_id"] == run_id
    assert n_models == 1
    assert f"run {run_id}" in built["stderr"]
    ndcg = printed["models"]["lightgbm_ranker"]["ndcg@10"]
    assert f"ranker NDCG@10 {ndcg:.4f}" in built["stderr"]


@pytest.mark.slow
def test_metrics_as_a_table_lists_every_model(built: dict[str, Any]) -> None:
    out = soundcheck("metrics", "--warehouse", str(built["path"]))
    assert out.returncode == 0, out.stderr
    for model in MODELS:
        assert model in out.stdout
    assert "users evaluated; candidate recall" in out.stdout


@pytest.mark.slow
def test_metrics_of_an_unknown_run_is_one_line(built: dict[str, Any]) -> None:
    out = soundcheck("metrics", "--warehouse", str(built["path"]), "--run", "nope", "--json")
    assert out.returncode == 1
    assert "no run 'nope'" in one_line_error(out)


def test_metrics_without_a_run_says_to_build_first(tiny_warehouse: Path) -> None:
    out = soundcheck("metrics", "--warehouse", str(tiny_warehouse), "--json")
    assert out.returncode == 1
    assert "soundcheck build" in one_line_error(out)


def test_an_unknown_task_fails_with_one_line_and_writes_nothing(
    tiny_warehouse: Path, tmp_path: Path
) -> None:
    path = tmp_path / "w.duckdb"
    shutil.copy2(tiny_warehouse, path)
    before = path.read_bytes()
    out = soundcheck("build", "--warehouse", str(path), "--task", "bogus")
    assert out.returncode != 0
    assert "bogus" in one_line_error(out)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w.duckdb"]
