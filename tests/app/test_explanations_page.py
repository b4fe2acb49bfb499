"""Recommend › Explanations in AppTest: the figures are the run's stored ones, and the cohort
and dependence controls change what is shown."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pytest
from streamlit.testing.v1 import AppTest

from recsys import warehouse
from recsys.explain import cohort_comparison, global_importance, interactions, resolve_run

APP = Path(__file__).resolve().parents[2] / "app.py"
PAGE = "app_pages/explanations.py"

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(built_tiny_warehouse: Path) -> Path:
    """The session's built tiny (read only)."""
    return built_tiny_warehouse


@pytest.fixture(scope="module")
def con(built: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = warehouse.open_readonly(built)
    yield connection
    connection.close()


def _ok(at: AppTest) -> AppTest:
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    return at


def open_page(path: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("SOUNDCHECK_WAREHOUSE", str(path))
    at = AppTest.from_file(str(APP), default_timeout=120).run()
    return at.switch_page(PAGE).run()


def array(value: Any) -> list[Any]:
    """A Plotly JSON array: a plain list, or a typed array (``{"dtype", "bdata"}``)."""
    if isinstance(value, dict):
        return np.frombuffer(base64.b64decode(value["bdata"]), dtype=value["dtype"]).tolist()
    return list(value)


def charts(at: AppTest) -> dict[str, dict[str, Any]]:
    specs = [json.loads(c.proto.bytes)["figure"] for c in at.main.get("bidi_component")]
    return {s["layout"]["title"]["text"]: s for s in specs}


def test_kpis_and_importance_are_the_stored_figures(
    built: Path, con: duckdb.DuckDBPyConnection, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _ok(open_page(built, monkeypatch))
    info = resolve_run(con)
    shown = {m.label: m.value for m in at.metric}
    assert shown["Listeners sampled"] == f"{info.sample_users:,}"
    assert shown["Candidates sampled"] == f"{info.sample_rows:,}"
    assert shown["Strongest group"] == "taste"
    figures = charts(at)
    by_feature = global_importance(con, info, "feature").head(20)
    bars = figures["By feature"]["data"]
    plotted = {y: x for trace in bars for x, y in zip(array(trace["x"]), trace["y"], strict=True)}
    stored = dict(zip(by_feature["name"], by_feature["mean_abs_shap"], strict=True))
    assert plotted == pytest.approx(stored)
    groups = figures["By group"]["data"]
    assert {t["name"] for t in groups} >= {"taste", "popularity", "candidate generators"}


def test_the_cohort_comparison_follows_the_dimension_and_level(
    built: Path, con: duckdb.DuckDBPyConnection, monkeypatch: pytest.MonkeyPatch
) -> None:
    info = resolve_run(con)
    at = _ok(open_page(built, monkeypatch))
    table = at.dataframe[-1].value
    assert set(table["cohort"]) == {"niche", "in between", "mainstream"}
    (dimension,) = [s for s in at.selectbox if s.label == "Compare listeners by"]
    at = _ok(dimension.set_value("activity_tier").run())
    table = at.dataframe[-1].value
    stored = cohort_comparison(con, info, "activity_tier", "group")
    assert set(table["cohort"]) == set(stored["cohort"]) == {"light", "regular", "heavy"}
    assert set(table["label"]) == {
        "taste",
        "popularity",
        "familiarity",
        "freshness",
        "context",
        "candidate generators",
    }
    assert len(table) == len(stored)
    assert "Mean contribution by activity" in charts(at)
    at = _ok(at.segmented_control[-1].set_value("feature").run())
    table = at.dataframe[-1].value
    top10 = global_importance(con, info, "feature")["name"].head(10)
    assert set(table["label"]) == set(top10)
    assert (table["ci_low"] <= table["mean_shap"]).all()
    assert (table["mean_shap"] <= table["ci_high"]).all()


def test_the_dependence_plot_is_coloured_by_the_stored_partner(
    built: Path, con: duckdb.DuckDBPyConnection, monkeypatch: pytest.MonkeyPatch
) -> None:
    info = resolve_run(con)
    partners = interactions(con, info).set_index("feature")["partner"]
    at = _ok(open_page(built, monkeypatch))
    (feature,) = [s for s in at.selectbox if s.label == "Feature"]
    at = _ok(feature.set_value("genre_affinity").run())
    (colour,) = [s for s in at.selectbox if s.label == "Colour by"]
    assert colour.value == partners["genre_affinity"]
    title = f"How genre_affinity moves the score (colour: {partners['genre_affinity']})"
    spec = charts(at)[title]
    assert len(array(spec["data"][0]["x"])) == info.sample_rows


def test_without_a_run_the_page_says_what_to_do(
    tiny_warehouse: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = open_page(tiny_warehouse, monkeypatch)
    assert not at.exception and not at.error
    assert any("No run with explanations yet" in i.value for i in at.info)
