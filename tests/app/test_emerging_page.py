"""Discover › Emerging in AppTest: the KPIs and the ranked table match the stored tests,
picking a cluster shows its trajectory, its communities and its exposure, and a dataset
without listening times says why there is nothing to test."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from recsys import warehouse
from recsys.maps import map_clusters, map_tests

pytestmark = pytest.mark.slow

APP = Path(__file__).resolve().parents[2] / "app.py"
PAGE = "app_pages/emerging.py"


@pytest.fixture(scope="module")
def built(built_tiny_warehouse: Path) -> Path:
    """The session's built tiny (read only)."""
    return built_tiny_warehouse


def _open(path: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("SOUNDCHECK_WAREHOUSE", str(path))
    at = AppTest.from_file(str(APP), default_timeout=120).run()
    return _ok(at.switch_page(PAGE).run())


def _ok(at: AppTest) -> AppTest:
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    return at


def _charts(at: AppTest) -> dict[str, dict[str, Any]]:
    specs = [json.loads(c.proto.bytes)["figure"] for c in at.main.get("bidi_component")]
    return {s["layout"]["title"]["text"]: s for s in specs}


def test_kpis_and_ranking_match_the_stored_tests(
    built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _open(built, monkeypatch)
    con = warehouse.open_readonly(built)
    try:
        tests, clusters = map_tests(con), map_clusters(con)
    finally:
        con.close()
    found = clusters[clusters["cluster_id"] >= 0]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Tests"] == f"{len(tests):,}"
    assert metrics["Clusters tested"] == str(len(found))
    assert metrics["Emerging"] == str(int(found["significant"].sum()))
    (table,) = [d.value for d in at.dataframe if "driven_by" in d.value.columns]
    assert table["cluster_id"].tolist() == found["cluster_id"].tolist()
    assert table["emerging_rank"].tolist() == list(range(1, len(found) + 1))
    assert "Most emerging clusters in rank order (bars: burst score)" in _charts(at)


def test_picking_a_cluster_shows_its_trends(built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _open(built, monkeypatch)
    picker = at.selectbox(key="em-cluster")
    last = picker.options[-1]
    at = _ok(picker.select_index(len(picker.options) - 1).run())
    assert at.selectbox(key="em-cluster").value is not None
    (mine,) = [d.value for d in at.dataframe if "community" in d.value.columns]
    assert mine["cluster_id"].nunique() == 1
    cluster_id = int(mine["cluster_id"].iloc[0])
    assert last.endswith(f"(#{cluster_id})")
    assert mine["score"].is_monotonic_decreasing
    charts = _charts(at)
    trajectory = charts["Share of active listeners who played the cluster, per 28-day window"]
    assert trajectory["data"][0]["name"] == "everyone"
    assert "Share of recommendations vs share of recent listening" in charts
    assert any("of the recommendations against" in m.value for m in at.markdown)


def test_without_listening_times_nothing_is_tested(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "no-times.duckdb"
    shutil.copy2(built, path)
    with warehouse.building(path, changes_content=False) as con:
        con.execute("DELETE FROM cluster_trends")  # what a play-counts-only map stores
    at = _open(path, monkeypatch)
    assert "no listening times" in at.info[0].value
