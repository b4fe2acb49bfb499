"""Every page built on a run says so when the data changed after the run was built."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from recsys import warehouse

APP = Path(__file__).resolve().parents[2] / "app.py"
PAGES = (
    "app_pages/user_explorer.py",
    "app_pages/explanations.py",
    "app_pages/fairness.py",
    "app_pages/mitigation.py",
    "app_pages/report.py",
    "app_pages/genre_map.py",
    "app_pages/emerging.py",
    "app_pages/runs.py",
)


@pytest.fixture(scope="module")
def stale(built_tiny_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny warehouse with a run (every stage), then a change to its data."""
    path = tmp_path_factory.mktemp("stale") / "w.duckdb"
    shutil.copy2(built_tiny_warehouse, path)
    with warehouse.building(path) as con:  # what an import does to the data
        con.execute("DELETE FROM listens WHERE user_id = 2")
    return path


@pytest.mark.slow
@pytest.mark.parametrize("page", PAGES)
def test_a_page_built_on_a_stale_run_warns_and_offers_a_rebuild(
    stale: Path, page: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOUNDCHECK_WAREHOUSE", str(stale))
    at = AppTest.from_file(str(APP), default_timeout=180).run()
    at = at.switch_page(page).run()
    assert not at.exception, at.exception
    notices = [w.value for w in at.warning if "changed after run" in w.value]
    assert len(notices) == 1, [w.value for w in at.warning]
    assert "Rebuild now" in [b.label for b in at.button]
