"""A built copy of the tiny warehouse with stored explanations, shared by the explain tests."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from recsys import warehouse
from recsys.model.build import build
from recsys.model.config import BuildConfig
from recsys.model.ranker import RankerConfig

ONE_THREAD = BuildConfig(ranker=RankerConfig(n_jobs=1))
"""One LightGBM thread: on shared cores spinning OpenMP threads make a tiny build far slower."""


@pytest.fixture(scope="session")
def one_thread() -> BuildConfig:
    """The build configuration of the explain tests (:data:`ONE_THREAD`)."""
    return ONE_THREAD


@pytest.fixture(scope="session")
def explained(tiny_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of tiny after one build (read it, do not write to it)."""
    path = tmp_path_factory.mktemp("explained") / "tiny.duckdb"
    shutil.copy2(tiny_warehouse, path)
    build(path, ONE_THREAD, model_dir=path.parent / "models")
    return path


@pytest.fixture(scope="session")
def explained_con(explained: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to :func:`explained`."""
    con = warehouse.open_readonly(explained)
    yield con
    con.close()
