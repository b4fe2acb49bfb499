"""The session's built tiny (one model run, and so one genre map), shared by the map tests."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import pytest

from recsys import warehouse

if TYPE_CHECKING:
    from conftest import BuiltTiny


@pytest.fixture(scope="session")
def mapped(built_tiny: BuiltTiny) -> tuple[Path, str]:
    """tiny with one build (its map included), the session's: ``(path, run_id)``. Read only."""
    return built_tiny.path, built_tiny.result.run_id


@pytest.fixture
def mapped_con(mapped: tuple[Path, str]) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection to :func:`mapped`."""
    con = warehouse.open_readonly(mapped[0])
    yield con
    con.close()
