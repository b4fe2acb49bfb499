"""Model › Runs in AppTest, plus the run readers (recsys.runs) and figures (recsys.runs_plots).

The page tests share one built copy of tiny (``built``); the Build-button test copies it and
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
import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import recsys.model.build as build_mod
from recsys import runs, runs_plots, sql, warehouse
from recsys.errors import NotFittedError
from recsys.model.build import BuildConfig, build
from recsys.model.ranker import RankerConfig
from recsys.plots import ACCENT
from recsys.runs import HEADLINE, MODEL_ORDER
from recsys.ui.widgets import fmt_number, fmt_percent

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
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    (spec,) = [s for s in specs if s["layout"]["title"]["text"].startswith(title_start)]
    return spec


def read(path: Path) -> duckdb.DuckDBPyConnection:
    return warehouse.open_readonly(path)


@pytest.fixture(scope="module")
def built(tiny_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("runs-page") / "tiny.duckdb"
    shutil.copy2(tiny_warehouse, path)
    build(path, BuildConfig(ranker=ONE_THREAD), model_dir=path.parent / "models")
    return path


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
    assert f"Gain over {best}" in shown
    assert at.selectbox[0].value == summary["run_id"]
    assert any("Build another run to compare" in c.value for c in at.caption)


@pytest.mark.slow
def test_the_model_table_and_chart_follow_the_metric_control(
    built: Path, built_con: duckdb.DuckDBPyConnection, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = open_runs_page(built, monkeypatch)
    expected = runs.model_table(built_con)
    pd.testing.assert_frame_equal(
        at.dataframe[0].value, expected, check_dtype=False, check_names=False
    )
    control = at.segmented_control[0]
    assert control.options == list(HEADLINE) and control.value == "ndcg@10"
    for metric in ("mrr", "hit@10", "recall@50"):
        at = _ok(at.segmented_control[0].set_value(metric).run())
        bars = chart(at, f"{metric} by model")["data"][0]
        assert bars["text"] == [f"{v:.3f}" for v in expected[metric]]
    pd.testing.assert_frame_equal(
        at.dataframe[0].value, expected, check_dtype=False, check_names=False
    )


@pytest.mark.slow
def test_the_build_button_writes_a_run_that_can_be_compared_with_the_first(
    built: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "w.duckdb"
    shutil.copy2(built, path)
    monkeypatch.setattr(build_mod, "BuildConfig", partial(BuildConfig, ranker=ONE_THREAD))
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


# --- recsys.runs on hand-written runs ------------------------------------------------------

HAND_METRICS = {  # run -> model -> ndcg@10; every other headline metric is ndcg / 2
    "r1": {"lightgbm_ranker": 0.30, "most_popular": 0.10, "item_knn": 0.20, "oracle": 0.50},
    "r2": {"lightgbm_ranker": 0.36, "most_popular": 0.10, "ease": 0.25},
}


@pytest.fixture(scope="module")
def hand_runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    """Two runs written by hand: r1 (with an oracle, no EASE) and a newer r2 (EASE, no oracle)."""
    path = tmp_path_factory.mktemp("hand-runs") / "runs.duckdb"
    with warehouse.building(path, fresh=True) as con:
        con.execute(sql.load("model_outputs"))
        for day, run_id in enumerate(HAND_METRICS, start=1):
            con.execute(
                "INSERT INTO runs VALUES ($r, $t, 'discovery', 'track', 'temporal', 'v', '{}', "
                "'{}', '{}', $s, '{}', 'm.txt')",
                {"r": run_id, "t": pd.Timestamp(f"2026-01-0{day}"), "s": json.dumps({"r": run_id})},
            )
            for model, ndcg in HAND_METRICS[run_id].items():
                for metric in HEADLINE:
                    value = ndcg if metric == "ndcg@10" else ndcg / 2
                    con.execute(
                        "INSERT INTO metrics VALUES (?, ?, ?, ?)", [run_id, model, metric, value]
                    )
            con.execute(
                "INSERT INTO metrics VALUES (?, 'candidates', 'candidate_recall', 0.7)", [run_id]
            )
    con = read(path)
    yield con
    con.close()


def test_model_table_ranks_the_ranker_against_the_best_baseline_and_the_oracle(
    hand_runs: duckdb.DuckDBPyConnection,
) -> None:
    table = runs.model_table(hand_runs, "r1").set_index("model")
    assert list(table.index) == ["lightgbm_ranker", "most_popular", "item_knn", "oracle"]
    assert list(table.columns) == [*HEADLINE, "vs_best_baseline", "share_of_oracle"]
    assert table.loc["lightgbm_ranker", "vs_best_baseline"] == pytest.approx(0.30 / 0.20)
    assert table.loc["lightgbm_ranker", "share_of_oracle"] == pytest.approx(0.30 / 0.50)
    assert table.loc["item_knn", "vs_best_baseline"] == pytest.approx(1.0)
    assert table.loc["most_popular", "share_of_oracle"] == pytest.approx(0.10 / 0.50)
    assert table.loc["lightgbm_ranker", "mrr"] == pytest.approx(0.15)
    # The newest run is the default; without an oracle the share is unknown, not zero.
    latest = runs.model_table(hand_runs).set_index("model")
    assert list(latest.index) == ["lightgbm_ranker", "most_popular", "ease"]
    assert latest.loc["lightgbm_ranker", "vs_best_baseline"] == pytest.approx(0.36 / 0.25)
    assert latest["share_of_oracle"].isna().all()


def test_compare_runs_puts_two_runs_side_by_side(hand_runs: duckdb.DuckDBPyConnection) -> None:
    out = runs.compare_runs(hand_runs, "r1", "r2")
    assert list(out.columns) == ["model", "metric", "a", "b", "change"]
    models = ["lightgbm_ranker", "most_popular", "item_knn", "ease", "oracle"]
    assert out["model"].tolist() == [m for m in models for _ in HEADLINE]
    assert out["metric"].tolist() == list(HEADLINE) * len(models)
    row = out.set_index(["model", "metric"])
    assert row.loc[("lightgbm_ranker", "ndcg@10"), "a"] == pytest.approx(0.30)
    assert row.loc[("lightgbm_ranker", "ndcg@10"), "b"] == pytest.approx(0.36)
    assert row.loc[("lightgbm_ranker", "ndcg@10"), "change"] == pytest.approx(0.06)
    assert row.loc[("most_popular", "mrr"), "change"] == pytest.approx(0.0)
    assert np.isnan(row.loc[("ease", "ndcg@10"), "a"])  # only in r2
    assert np.isnan(row.loc[("oracle", "ndcg@10"), "change"])  # only in r1
    assert "candidates" not in set(out["model"])


def test_run_readers_refuse_unknown_or_missing_runs(
    hand_runs: duckdb.DuckDBPyConnection, tiny_warehouse: Path
) -> None:
    assert runs.list_runs(hand_runs)["run_id"].tolist() == ["r2", "r1"]  # newest first
    assert runs.run_summary(hand_runs) == {"r": "r2"}
    with pytest.raises(NotFittedError, match="no run 'r9'"):
        runs.model_table(hand_runs, "r9")
    con = read(tiny_warehouse)
    try:
        with pytest.raises(NotFittedError, match="soundcheck build"):
            runs.model_table(con)
    finally:
        con.close()


@pytest.mark.slow
def test_model_table_of_a_build_equals_its_summary(built_con: duckdb.DuckDBPyConnection) -> None:
    summary = runs.run_summary(built_con)
    table = runs.model_table(built_con).set_index("model")
    assert list(table.index) == list(MODEL_ORDER)
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


# --- recsys.runs_plots ---------------------------------------------------------------------


def test_model_comparison_draws_one_bar_per_model_in_the_table_order() -> None:
    table = pd.DataFrame(
        {"model": ["lightgbm_ranker", "ease", "oracle"], "ndcg@10": [0.3, 0.2, 0.5],
         "mrr": [0.4, 0.25, 0.6]}
    )  # fmt: skip
    fig = runs_plots.model_comparison(table, "mrr")
    (bar,) = fig.data
    assert list(bar.x) == ["LightGBM ranker", "EASE", "Oracle (true preference)"]
    assert list(bar.y) == [0.4, 0.25, 0.6]
    assert list(bar.text) == ["0.400", "0.250", "0.600"]
    assert list(bar.marker.color) == [ACCENT, "#9AA0A6", "#C9CED6"]
    assert fig.layout.yaxis.title.text == "mrr"
    assert fig.layout.title.text == "mrr by model (same test users)"


def test_training_curve_marks_the_best_validation_round() -> None:
    curve = pd.DataFrame(
        {
            "iteration": [1, 2, 3, 1, 2, 3],
            "split": ["train"] * 3 + ["valid"] * 3,
            "ndcg": [0.5, 0.6, 0.7, 0.40, 0.45, 0.44],
        }
    )
    fig = runs_plots.training_curve(curve)
    train, valid = fig.data
    assert (train.name, list(train.x), list(train.y)) == (
        "training users",
        [1, 2, 3],
        [0.5, 0.6, 0.7],
    )
    assert (valid.name, list(valid.y)) == ("validation users", [0.40, 0.45, 0.44])
    (line,) = fig.layout.shapes
    assert line.x0 == line.x1 == 2.0
    only_train = runs_plots.training_curve(curve[curve["split"] == "train"])
    assert [t.name for t in only_train.data] == ["training users"]
    assert not only_train.layout.shapes
    assert not runs_plots.training_curve(curve.iloc[:0]).data


def test_feature_importance_shows_the_top_features_coloured_by_group() -> None:
    importance = pd.DataFrame(
        {
            "feature": ["als_score", "item_plays", "artist_known", "<b>x</b>", "unused"],
            "group": ["taste", "popularity", "familiarity", "taste", "context"],
            "description": ["d1", "d2", "d3", "d4", "d5"],
            "gain": [50.0, 30.0, 15.0, 5.0, np.nan],
            "gain_share": [0.5, 0.3, 0.15, 0.05, np.nan],
        }
    )
    fig = runs_plots.feature_importance(importance, top=3)
    bars = {t.name: t for t in fig.data}
    assert set(bars) == {"taste", "popularity", "familiarity"}
    assert list(bars["taste"].y) == ["als_score"] and list(bars["taste"].x) == [0.5]
    assert list(bars["popularity"].x) == [0.3]
    for group, bar in bars.items():
        assert bar.marker.color == runs_plots.GROUP_COLOURS[group]
    # Largest at the top: categories run from the smallest of the top 3 up.
    assert list(fig.layout.yaxis.categoryarray) == ["artist_known", "item_plays", "als_score"]
    everything = runs_plots.feature_importance(importance)
    assert "&lt;b&gt;x&lt;/b&gt;" in list(everything.layout.yaxis.categoryarray)  # escaped
    assert "unused" not in list(everything.layout.yaxis.categoryarray)  # no gain recorded
