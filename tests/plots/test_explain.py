"""Figures of the Recommend pages on hand-built frames: what each draws, in which order, with
labels from data escaped."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from recsys.plots import explain as plots


def test_waterfall_runs_from_the_base_value_to_the_score_and_sums_the_rest() -> None:
    contrib = pd.DataFrame({"name": ["a", "b", "c", "d"], "value": [0.5, -0.2, 0.05, -0.01]})
    fig = plots.waterfall(contrib, -1.0, "t", top=2, labels={"a": "<b>A</b>"})
    trace = fig.data[0]
    assert list(trace.y) == ["base value", "&lt;b&gt;A&lt;/b&gt;", "b", "2 other features", "score"]
    assert list(trace.measure) == ["absolute", "relative", "relative", "relative", "total"]
    assert trace.x[3] == pytest.approx(0.04)
    assert trace.x[-1] == pytest.approx(-1.0 + 0.34)


def test_contribution_difference_orders_bars_and_says_the_total() -> None:
    diff = pd.DataFrame({"name": ["x", "y", "z"], "difference": [0.4, -0.3, 0.1]})
    fig = plots.contribution_difference(diff, "#1", "#2")
    assert list(fig.data[0].y) == ["z", "y", "x"]  # largest at the top
    assert fig.layout.title.text == "Why #1 scores +0.200 against #2"
    assert list(fig.data[0].marker.color) == [plots.ACCENT, "#E8590C", plots.ACCENT]
    assert plots.contribution_difference(diff, "a", "b", title="T").layout.title.text == "T"


def test_importance_draws_one_trace_per_group_in_its_colour() -> None:
    frame = pd.DataFrame(
        {
            "name": ["genre_affinity", "als_rank", "item_plays"],
            "group": ["taste", "generators", "popularity"],
            "mean_abs_shap": [0.3, 0.2, 0.1],
        }
    )
    fig = plots.importance(frame, "By feature")
    names = {t.name: t for t in fig.data}
    assert set(names) == {"taste", "candidate generators", "popularity"}
    assert names["candidate generators"].marker.color == plots.COLOURS["generators"]
    assert list(fig.layout.yaxis.categoryarray) == ["item_plays", "als_rank", "genre_affinity"]


def test_beeswarm_draws_each_feature_on_its_row_coloured_by_value_rank(
    rng: np.random.Generator,
) -> None:
    n = 400
    values = pd.DataFrame({"a": rng.random(n), "b": rng.random(n)})
    shap = pd.DataFrame({"a": values["a"] - 0.5, "b": np.zeros(n)})
    fig = plots.beeswarm(shap, values, ["a", "b"], max_points=100)
    trace = fig.data[0]
    assert len(trace.x) == 200  # 100 candidates for each of two features
    rows = np.round(np.asarray(trace.y))
    assert set(rows) == {0, 1}  # "b" (the second feature) at the bottom, "a" on top
    a = rows == 1
    # on row "a", SHAP rises with the value, so with the colour (the value's rank)
    order = np.argsort(np.asarray(trace.x)[a])
    colours = np.asarray(trace.marker.color)[a][order]
    assert (np.diff(colours) >= 0).all()
    assert list(fig.layout.yaxis.ticktext) == ["b", "a"]


def test_dependence_plots_a_feature_against_its_shap_coloured_by_the_partner() -> None:
    x = pd.Series([0.1, 0.5, 0.9])
    fig = plots.dependence(x, x * 2, pd.Series([3.0, 2.0, 1.0]), "genre_affinity", "<i>p</i>")
    assert list(fig.data[0].x) == [0.1, 0.5, 0.9]
    assert list(fig.data[0].marker.color) == [3.0, 2.0, 1.0]
    assert fig.data[0].marker.colorbar.title.text == "&lt;i&gt;p&lt;/i&gt;"


def test_cohort_comparison_draws_intervals_around_each_cohorts_mean() -> None:
    frame = pd.DataFrame(
        {
            "cohort": ["niche", "niche", "mainstream", "mainstream"],
            "name": ["taste", "popularity", "taste", "popularity"],
            "n_users": [60, 60, 65, 65],
            "mean_shap": [0.3, -0.1, 0.1, 0.2],
            "ci_low": [0.25, -0.15, 0.05, 0.1],
            "ci_high": [0.35, -0.05, 0.2, 0.3],
        }
    )
    fig = plots.cohort_comparison(frame, ["taste", "popularity"], "by mainstreaminess")
    names = [t.name for t in fig.data]
    assert names == ["mainstream (n=65)", "niche (n=60)"]
    niche = fig.data[1]
    assert list(niche.x) == [-0.1, 0.3]  # rows bottom-up: popularity, then taste
    assert list(niche.error_x.array) == pytest.approx([0.05, 0.05])
    assert list(niche.error_x.arrayminus) == pytest.approx([0.05, 0.05])


def test_history_figures_escape_names_and_say_when_empty() -> None:
    artists = pd.DataFrame({"artist": ["<script>", "B"], "plays": [10, 5]})
    assert list(plots.top_artists(artists).data[0].y) == ["B", "&lt;script&gt;"]
    mix = pd.DataFrame({"parent": ["Rock", "Jazz"], "share": [0.7, 0.3]})
    assert list(plots.genre_mix(mix).data[0].text) == ["30%", "70%"]
    empty = plots.weekly_plays(pd.DataFrame(columns=["week", "plays", "skips"]))
    assert "No timestamped plays" in empty.layout.annotations[0].text


def test_beeswarm_draws_missing_values_grey_not_as_a_colour() -> None:
    values = pd.DataFrame({"als_rank": [1.0, np.nan, 50.0, np.nan]})
    shap = pd.DataFrame({"als_rank": [0.3, -0.2, -0.1, -0.2]})
    known, missing = plots.beeswarm(shap, values, ["als_rank"]).data
    assert sorted(known.x) == [-0.1, 0.3] and list(known.marker.color) == [0.5, 1.0]
    assert list(missing.x) == [-0.2, -0.2] and missing.marker.color == plots.GREY
