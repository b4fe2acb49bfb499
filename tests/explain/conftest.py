"""The session's built tiny (its run's explanations stored), shared by the explain tests, and a
builder for a test that needs a build of its own."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pytest

from recsys import warehouse
from recsys.model import stages
from recsys.model.build import build
from recsys.model.config import BuildConfig
from recsys.model.ranker import RankerConfig

ONE_THREAD = BuildConfig(ranker=RankerConfig(n_jobs=1))
"""One LightGBM thread: on shared cores spinning OpenMP threads make a tiny build far slower."""


def build_explained(path: Path, models: Path) -> None:
    """Build ``path`` with the explanations stage as the only run stage (other wings' stages
    are tested by their own tests and would only slow these down)."""
    only = tuple(s for s in stages.RUN_STAGES if s.name == "explain")
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(stages, "RUN_STAGES", only)
        build(path, ONE_THREAD, model_dir=models)


@pytest.fixture(scope="session")
def builder() -> Callable[[Path, Path], None]:
    """:func:`build_explained`, for tests that need a build of their own."""
    return build_explained


@pytest.fixture(scope="session")
def explained(built_tiny_warehouse: Path) -> Path:
    """tiny after one build, the session's (read it, do not write to it)."""
    return built_tiny_warehouse


@pytest.fixture(scope="session")
def explained_con(explained: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to :func:`explained`."""
    con = warehouse.open_readonly(explained)
    yield con
    con.close()
