"""Fixtures for the import tests: empty warehouses and a way to prove one did not change."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from recsys import warehouse


@pytest.fixture(scope="session")
def _empty_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("empty") / "empty.duckdb"
    with warehouse.building(path, fresh=True):
        pass
    return path


@pytest.fixture
def empty_wh(_empty_template: Path, tmp_path: Path) -> Path:
    """A private copy of an empty warehouse."""
    path = tmp_path / "wh.duckdb"
    shutil.copy2(_empty_template, path)
    return path


@pytest.fixture
def salt(empty_wh: Path) -> str:
    """The pseudonymisation salt of ``empty_wh``."""
    con = warehouse.open_readonly(empty_wh)
    try:
        value = warehouse.get_meta(con, "salt")
    finally:
        con.close()
    assert value
    return value
