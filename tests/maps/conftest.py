"""A tiny warehouse with one model run (and so one genre map), shared by the map tests."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from recsys import warehouse
from recsys.model.build import BuildResult, build
from recsys.model.config import BuildConfig
from recsys.model.ranker import RankerConfig

ONE_THREAD = BuildConfig(ranker=RankerConfig(n_jobs=1))
"""One LightGBM thread: on two shared cores it builds tiny in seconds (see tests/app)."""


@pytest.fixture(scope="session")
def mapped(tiny_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A copy of tiny with one build (its map included): ``(path, run_id)``. Read only."""
    path = tmp_path_factory.mktemp("mapped") / "tiny.duckdb"
    shutil.copy2(tiny_warehouse, path)
    result: BuildResult = build(path, ONE_THREAD, model_dir=path.parent / "models")
    return path, result.run_id


@pytest.fixture
def mapped_con(mapped: tuple[Path, str]) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to :func:`mapped`."""
    con = warehouse.open_readonly(mapped[0])
    yield con
    con.close()
