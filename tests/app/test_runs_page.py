"""Model › Runs in AppTest, plus the run readers (recsys.views.runs) and figures
(recsys.plots.runs).

The page tests share the session's built tiny (``built``); the Build-button test copies it and
adds a second run by clicking, which is also what the comparison needs.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from functools import partial
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import recsys.model.config as config_mod
from recsys import warehouse
from recsys.evaluation import headline_keys
from recsys.model.config import BuildConfig
from recsys.model.ranker import RankerConfig
from recsys.model.registry import model_label, model_order
from recsys.ui.widgets import fmt_number, fmt_percent
from recsys.views import runs

APP = Path(__file__).resolve().parents[2] / "app.py"
ONE_THREAD = RankerConfig(n_jobs=1)
"""On two shared cores two OpenMP threads spin against other processes and make a tiny build
10-100x slower; one LightGBM thread gives the same run in a few seconds."""


def _ok(at: AppTest) -> AppTest:
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    return at


def open_runs_page(path: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("SOUNDCHECK_WAREHOUSE", str(path))
    at = AppTest.from_file(str(APP), default_timeout=120).run()
    return _ok(at.switch_page("app_pages/runs.py").run())


def chart(at: AppTest, title_start: str) -> dict[str, Any]:
    """The Plotly spec of the chart whose title starts with ``title_start``."""
    specs = [json.loads(c.proto.bytes)["figure"] for c in at.main.get("bidi_component")]
    (spec,) = [s for s in specs if s["layout"]["title"]["text"].startswith(title_start)]
    return spec


def model_frame(at: AppTest) -> pd.DataFrame:
    """The page's models x metrics table."""
    (frame,) = [d.value for d in at.dataframe if "vs_best_baseline" in d.value.columns]
    return frame


def read(path: Path) -> duckdb.DuckDBPyConnection:
    return warehouse.open_readonly(path)


@pytest.fixture(scope="module")
def built(built_tiny_warehouse: Path) -> Path:
    """The session's built tiny (read only; a test that writes copies it)."""
    return built_tiny_warehouse


@pytest.fixture(scope="module")
def built_con(built: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    con = read(built)
    yield con
    con.close()


# --- the page ------------------------------------------------------------------------------


def test_without_a_run_the_page_says_so_and_offers_a_build(
    writable_warehouse: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = open_runs_page(writable_warehouse, monkeypatch)
    assert any("No model has been built" in i.value for i in at.info)
    assert [b.label for b in at.sidebar.button] == ["Build a run"]
    assert at.sidebar.radio[0].options == ["discovery", "repeat"]
    assert not at.metric
    assert not at.dataframe


@pytest.mark.slow
def test_kpis_show_the_summary_of_the_latest_run(
    built: Path, built_con: duckdb.DuckDBPyConnection, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = open_runs_page(built, monkeypatch)
    summary = runs.run_summary(built_con)
    models = summary["models"]
    ndcg = models["lightgbm_ranker"]["ndcg@10"]
    best = max(("most_popular", "item_knn", "ease", "als"), key=lambda m: models[m]["ndcg@10"])
    shown = {m.label: m.value for m in at.metric}
    assert shown["Ranker NDCG@10"] == fmt_number(ndcg, 4)
    assert shown["vs best baseline"] == f"{ndcg / models[best]['ndcg@10']:.2f}x"
    assert shown["Share of oracle"] == fmt_percent(ndcg / models["oracle"]["ndcg@10"])
    assert f"Gain over {model_label(best)}" in shown
    assert at.selectbox[0].value == summary["run_id"]
    assert any("Build another run to compare" in c.value for c in at.caption)


@pytest.mark.slow
def test_the_model_table_and_chart_follow_the_metric_control(
    built: Path, built_con: duckdb.DuckDBPyConnection, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = open_runs_page(built, monkeypatch)
    expected = runs.model_table(built_con)
    pd.testing.assert_frame_equal(model_frame(at), expected, check_dtype=False, check_names=False)
    control = at.segmented_control[0]
    assert control.options == list(headline_keys()) and control.value == "ndcg@10"
    for metric in ("mrr", "hit@10", "recall@50"):
        at = _ok(at.segmented_control[0].set_value(metric).run())
        bars = chart(at, f"{metric} by model")["data"][0]
        assert bars["text"] == [f"{v:.3f}" for v in expected[metric]]
    pd.testing.assert_frame_equal(model_frame(at), expected, check_dtype=False, check_names=False)


@pytest.mark.slow
def test_the_build_button_writes_a_run_that_can_be_compared_with_the_first(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "w.duckdb"
    shutil.copy2(built, path)
    monkeypatch.setattr(config_mod, "BuildConfig", partial(BuildConfig, ranker=ONE_THREAD))
    at = open_runs_page(path, monkeypatch)
    (first,) = at.selectbox[0].options
    assert not [s for s in at.selectbox if s.label == "Compare with"]
    at.sidebar.radio[0].set_value("repeat")
    at = _ok(at.sidebar.button[0].click().run())
    con = read(path)
    try:
        history = runs.list_runs(con)
        assert len(history) == 2  # one more than before the click
        latest = history["run_id"].iloc[0]
        assert history.set_index("run_id").loc[latest, "task"] == "repeat"
        expected = runs.compare_runs(con, first, latest)
    finally:
        con.close()
    assert at.selectbox[0].options == [latest, first]
    (compare,) = [s for s in at.selectbox if s.label == "Compare with"]
    assert compare.options == [first]
    pd.testing.assert_frame_equal(at.dataframe[-1].value, expected, check_dtype=False)
    assert set(expected["model"]) >= {"lightgbm_ranker", "most_popular"}


@pytest.mark.slow
def test_model_table_of_a_build_equals_its_summary(built_con: duckdb.DuckDBPyConnection) -> None:
    summary = runs.run_summary(built_con)
    table = runs.model_table(built_con).set_index("model")
    assert list(table.index) == list(model_order())
    for model, values in summary["models"].items():
        for metric, value in values.items():
            assert table.loc[model, metric] == value
    baselines = [
        summary["models"][m]["ndcg@10"] for m in ("most_popular", "item_knn", "ease", "als")
    ]
    ranker = summary["models"]["lightgbm_ranker"]["ndcg@10"]
    assert table.loc["lightgbm_ranker", "vs_best_baseline"] == pytest.approx(
        ranker / max(baselines)
    )


@pytest.mark.slow
def test_a_run_built_before_the_data_changed_says_so_and_offers_a_rebuild(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "w.duckdb"
    shutil.copy2(built, path)
    at = open_runs_page(path, monkeypatch)
    assert not [w for w in at.warning if "changed after run" in w.value]
    assert "Rebuild now" not in [b.label for b in at.button]
    with warehouse.building(path) as con:  # an import would do the same: the data changes
        con.execute("DELETE FROM listens WHERE user_id = 1")
    at = open_runs_page(path, monkeypatch)
    (notice,) = [w for w in at.warning if "changed after run" in w.value]
    assert at.selectbox[0].value in notice.value
    assert "Rebuild now" in [b.label for b in at.button]
    stale = [d.value for d in at.dataframe if "stale" in d.value.columns]
    assert stale and bool(stale[0]["stale"].iloc[0])


@pytest.mark.slow
def test_the_page_defines_its_terms_in_plain_words(
    built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = open_runs_page(built, monkeypatch)
    (terms,) = [d.value for d in at.dataframe if "term" in d.value.columns]
    assert {"NDCG@10", "MRR", "Boosting round", "p-value (Wilcoxon)"} <= set(terms["term"])
    assert any("a real gain, not luck" in c.value for c in at.caption)
