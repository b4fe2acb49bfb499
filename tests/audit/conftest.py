"""A tiny warehouse with a run and its audit, shared by the audit tests (read it; copy to write)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from auditfiles import audit_stage

from recsys import warehouse

if TYPE_CHECKING:
    from conftest import BuiltTiny


@pytest.fixture(scope="session")
def built_audit(built_tiny: BuiltTiny, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A copy of the session's built tiny (a run and its audit) with the audit stage run once
    more on the build's own context, as a build runs it; the first run's figures are kept aside
    as ``first_figures``, for the determinism test."""
    path = tmp_path_factory.mktemp("audit") / "w.duckdb"
    shutil.copy2(built_tiny.path, path)
    with warehouse.building(path, changes_content=False) as con:
        con.execute("CREATE TABLE first_figures AS SELECT * FROM audit_figures")
        audit_stage().run(con, built_tiny.context)
    return path
