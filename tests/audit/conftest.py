"""A tiny warehouse with a run and its audit, shared by the audit tests (read it; copy to write)."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from auditfiles import ONE_THREAD, audit_stage

from recsys.model import stages
from recsys.model.build import build
from recsys.model.stages import RunContext, RunStage


def _copy_figures(con: duckdb.DuckDBPyConnection, ctx: RunContext) -> None:
    con.execute("CREATE TABLE first_figures AS SELECT * FROM audit_figures")


@pytest.fixture(scope="session")
def built_audit(tiny_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tiny, built with the audit stage run twice (the first run's figures kept aside as
    ``first_figures``, for the determinism test); other stages are left out."""
    tmp = tmp_path_factory.mktemp("audit")
    path = tmp / "w.duckdb"
    shutil.copy2(tiny_warehouse, path)
    stage = audit_stage()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(stages, "RUN_STAGES", (stage, RunStage("copy", "copying", _copy_figures), stage))
        build(path, ONE_THREAD, model_dir=tmp / "models")
    return path
