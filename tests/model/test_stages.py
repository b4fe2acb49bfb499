"""Run stages: a registered stage runs after the run is written, inside the same transaction,
sees everything the build computed, and is timed into the run; a failing stage leaves the
warehouse byte for byte as it was."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import pytest

import recsys.model.build as build_mod
from recsys import warehouse
from recsys.model import stages
from recsys.model.build import build
from recsys.model.config import BuildConfig
from recsys.model.ranker import RankerConfig
from recsys.model.stages import RunContext, RunStage

if TYPE_CHECKING:
    from conftest import BuiltTiny

CONFIG = BuildConfig(ranker=RankerConfig(n_jobs=1), stored_candidates=30)


def _count_candidates(con: duckdb.DuckDBPyConnection, ctx: RunContext) -> None:
    ctx.progress("half way", 0.5)
    ((recommended,),) = con.execute(
        "SELECT count(*) FROM recommendations WHERE run_id = $r", {"r": ctx.run_id}
    ).fetchall()
    frame = ctx.outputs.candidates.groupby("user_id")["rank"].agg(["min", "max", "size"])
    frame = frame.reset_index().assign(run_id=ctx.run_id, recommended=recommended)
    con.register("_frame", frame)
    con.execute("CREATE TABLE stage_probe AS SELECT * FROM _frame")
    con.unregister("_frame")


def _fail(con: duckdb.DuckDBPyConnection, ctx: RunContext) -> None:
    con.execute("CREATE TABLE half_written (x INTEGER)")
    raise RuntimeError("stage failed")


@pytest.mark.slow
def test_a_registered_stage_runs_after_the_run_is_written_and_is_timed(
    tiny_warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "w.duckdb"
    shutil.copy2(tiny_warehouse, path)
    monkeypatch.setattr(stages, "RUN_STAGES", (RunStage("probe", "probing", _count_candidates),))
    steps: list[tuple[str, float]] = []
    result = build(
        path, CONFIG, model_dir=tmp_path / "models", progress=lambda s, f: steps.append((s, f))
    )
    (half,) = [f for s, f in steps if s == "probing: half way"]  # the stage's own share
    before = max(f for s, f in steps if s == "probing")
    assert before < half < 1.0 and steps[-1] == ("done", 1.0)
    con = warehouse.open_readonly(path)
    try:
        probe = con.execute("SELECT * FROM stage_probe").df()
        timings = json.loads(con.execute("SELECT timings FROM runs").fetchone()[0])  # type: ignore[index]
        n_reco = con.execute("SELECT count(*) FROM recommendations").fetchone()[0]  # type: ignore[index]
    finally:
        con.close()
    assert (probe["run_id"] == result.run_id).all()
    assert (probe["recommended"] == n_reco).all() and n_reco > 0  # the run was already written
    assert (probe["min"] == 1).all() and (probe["max"] <= 30).all()  # stored_candidates kept
    assert (probe["size"] == probe["max"]).all()  # ranks 1..n with no gap
    assert "probe" in timings and timings["total"] >= timings["probe"] >= 0
    assert result.timings == timings


@pytest.mark.slow
def test_a_failing_stage_leaves_the_warehouse_as_it_was(
    tiny_warehouse: Path, built_tiny: BuiltTiny, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "w.duckdb"
    shutil.copy2(tiny_warehouse, path)
    before = path.read_bytes()
    monkeypatch.setattr(stages, "RUN_STAGES", (RunStage("broken", "breaking", _fail),))
    # the stage fails after the run is written, whatever was trained: replay what the session's
    # build of the same data computed instead of training again
    outputs = built_tiny.context.outputs
    replayed = replace(outputs, timings=dict(outputs.timings))
    monkeypatch.setattr(build_mod, "train_and_evaluate", lambda con, config, progress: replayed)
    with pytest.raises(RuntimeError, match="stage failed"):
        build(path, CONFIG, model_dir=tmp_path / "models")
    assert path.read_bytes() == before
    assert not list((tmp_path / "models").glob("*.txt"))
