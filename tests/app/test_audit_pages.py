"""Audit › Popularity & fairness, Mitigation and Report in AppTest: what each shows equals what
the audit stored, and the controls change it.

The pages share one copy of the session's built tiny with an external list audited beside the
run's own lists.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from recsys import warehouse
from recsys.audit import _store as store
from recsys.audit import audit_external

APP = Path(__file__).resolve().parents[2] / "app.py"


@pytest.fixture(scope="module")
def audited(built_tiny_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tiny with a run, its audit and an external list ("top ten") audited beside it."""
    tmp = tmp_path_factory.mktemp("audit-pages")
    path = tmp / "tiny.duckdb"
    shutil.copy2(built_tiny_warehouse, path)
    con = warehouse.open_readonly(path)
    try:
        top = con.execute(
            "SELECT track_id FROM listens GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 10"
        ).fetchall()
        users = con.execute("SELECT user_id FROM users ORDER BY 1").fetchall()
    finally:
        con.close()
    rows = [(u, t, r + 1) for (u,) in users for r, (t,) in enumerate(top)]
    lists = tmp / "top.csv"
    pd.DataFrame(rows, columns=["user", "item", "rank"]).to_csv(lists, index=False)
    audit_external(path, lists, "top ten")
    return path


@pytest.fixture(scope="module")
def con(audited: Path):
    c = warehouse.open_readonly(audited)
    yield c
    c.close()


@pytest.fixture(scope="module")
def run_id(con: duckdb.DuckDBPyConnection) -> str:
    return str(store.audited_runs(con)["run_id"].iloc[0])


def _ok(at: AppTest) -> AppTest:
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    return at


def _open(path: Path, page: str, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("SOUNDCHECK_WAREHOUSE", str(path))
    at = AppTest.from_file(str(APP), default_timeout=120).run()
    return _ok(at.switch_page(f"app_pages/{page}.py").run())


def _tables(at: AppTest, *columns: str) -> list[pd.DataFrame]:
    """The tables shown that have all of ``columns`` (AppTest does not expose their keys)."""
    return [d.value for d in at.dataframe if set(columns) <= set(d.value.columns)]


def _table(at: AppTest, *columns: str) -> pd.DataFrame:
    (frame,) = _tables(at, *columns)
    return frame


@pytest.mark.parametrize("page", ["fairness", "mitigation", "report"])
def test_without_an_audited_run_each_page_says_so(
    writable_warehouse: Path, monkeypatch: pytest.MonkeyPatch, page: str
) -> None:
    at = _open(writable_warehouse, page, monkeypatch)
    assert any("No run has been audited yet" in i.value for i in at.info)
    assert not at.dataframe


@pytest.mark.slow
def test_fairness_kpis_and_sets_side_by_side(
    audited: Path, con: duckdb.DuckDBPyConnection, run_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _open(audited, "fairness", monkeypatch)
    figures = store.read_figures(con, run_id)
    own = figures.loc[(figures["name"] == "soundcheck") & (figures["group"] == "all")]
    arp = own.set_index("metric").loc["arp", "ratio"]
    shown = {m.label: m.value for m in at.metric}
    assert shown["Popularity vs listening"] == f"{arp:.2f}x"
    fails = int(((figures["name"] == "soundcheck") & (figures["verdict"] == "fail")).sum())
    assert shown["Failing figures"] == f"{fails:,}"
    glance = _table(at, "name", "side", "pass")
    assert list(pd.unique(glance["name"])) == ["soundcheck", "top ten"]
    at = _ok(at.multiselect(key="audit-sets").unselect("top ten").run())
    assert list(pd.unique(_table(at, "name", "side", "pass")["name"])) == ["soundcheck"]


@pytest.mark.slow
def test_fairness_groupings_and_metrics_follow_the_controls(
    audited: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _open(audited, "fairness", monkeypatch)
    at = _ok(at.selectbox(key="exposure-group").select("artist_popularity").run())
    frames = [d.value for d in at.dataframe]
    exposure = [f for f in frames if "metric" in f and f["metric"].str.startswith("Exposure").all()]
    assert set(exposure[0]["group"]) <= {"head", "mid", "tail"}
    at = _ok(at.segmented_control(key="acc-metric").set_value("recall@10").run())
    accuracy = [
        f for f in at.dataframe if "metric" in f.value and (f.value["metric"] == "Recall@10").any()
    ]
    assert accuracy, "the accuracy table follows the metric control"
    notes = _table(at, "lists", "grouping", "note")
    assert notes["note"].str.contains("suppressed").any()


@pytest.mark.slow
def test_fairness_calibration_panel_shows_the_chosen_listener(
    audited: Path, con: duckdb.DuckDBPyConnection, run_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _open(audited, "fairness", monkeypatch)
    users = store.list_users(con, run_id, "top ten")
    at = _ok(at.selectbox(key="cal-set").select("top ten").run())
    at = _ok(at.selectbox(key="cal-user").select(users[3]).run())
    expected = store.user_list(con, run_id, "top ten", users[3], "track", 10)
    pd.testing.assert_frame_equal(
        _table(at, "rank", "item_id", "artist").reset_index(drop=True), expected, check_dtype=False
    )


@pytest.mark.slow
def test_mitigation_slider_moves_the_point_and_the_listeners_list(
    audited: Path, con: duckdb.DuckDBPyConnection, run_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _open(audited, "mitigation", monkeypatch)
    curves = store.read_tradeoff(con, run_id)
    at = _ok(at.segmented_control(key="mit-reranker").set_value("long_tail").run())
    at = _ok(at.select_slider(key="mit-strength-long_tail").set_value(1.0).run())
    point = curves.loc[(curves["reranker"] == "long_tail") & (curves["strength"] == 1.0)].iloc[0]
    shown = {m.label: m.value for m in at.metric}
    assert shown["NDCG@10 at this strength"] == f"{point['ndcg']:,.4f}"
    user = store.reranked_users(con, run_id)[5]
    at = _ok(at.selectbox(key="mit-user").select(user).run())
    after = store.reranked(con, run_id, "long_tail", 1.0, user, "track")
    shown_before, shown_after = _tables(at, "rank", "item_id", "artist")
    pd.testing.assert_frame_equal(shown_after.reset_index(drop=True), after, check_dtype=False)
    before = store.reranked(con, run_id, "long_tail", 0.0, user, "track")
    pd.testing.assert_frame_equal(shown_before.reset_index(drop=True), before, check_dtype=False)
    changed = len(set(after["item_id"]) - set(before["item_id"]))
    assert any(c.value == f"{changed} of the top 10 changed." for c in at.caption)


@pytest.mark.slow
def test_report_page_offers_both_downloads(
    audited: Path, run_id: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _open(audited, "report", monkeypatch)
    buttons = [b.proto.label for b in at.get("download_button")]
    assert buttons == ["Download the HTML report", "Download the JSON"]
    sets = _table(at, "name", "kind", "test_window")
    assert list(sets["name"]) == ["soundcheck", "top ten"]
    assert any(c.value.startswith("HTML ") and "MB" in c.value for c in at.caption)
