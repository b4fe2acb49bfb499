"""recsys.plots.runs: the Runs page figures, from small frames with known values."""

from __future__ import annotations

import numpy as np
import pandas as pd

from recsys.plots import ACCENT
from recsys.plots import runs as runs_plots


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
    (note,) = fig.layout.annotations
    assert note.text == "kept 2 rounds (best on validation)"
    only_train = runs_plots.training_curve(curve[curve["split"] == "train"])
    assert [t.name for t in only_train.data] == ["training users"]
    assert not only_train.layout.shapes
    assert not runs_plots.training_curve(curve.iloc[:0]).data


def test_feature_importance_shows_the_top_features_coloured_by_group() -> None:
    importance = pd.DataFrame(
        {
            "feature": ["als_score", "item_plays", "artist_known", "<b>x</b>", "unused"],
            "group": ["taste", "popularity", "familiarity", "taste", "context"],
            "description": ["d1", "d2", "d3", "<b>d4</b>", "d5"],
            "gain": [50.0, 30.0, 15.0, 5.0, np.nan],
            "gain_share": [0.5, 0.3, 0.15, 0.05, np.nan],
        }
    )
    fig = runs_plots.feature_importance(importance, top=3)
    bars = {t.name: t for t in fig.data}
    assert set(bars) == {"taste", "popularity", "familiarity"}
    assert list(bars["taste"].y) == ["d1"] and list(bars["taste"].x) == [0.5]
    assert list(bars["taste"].customdata) == ["als_score"]  # the column name, in the hover
    assert list(bars["popularity"].x) == [0.3]
    for group, bar in bars.items():
        assert bar.marker.color == runs_plots.GROUP_COLOURS[group]
    # Largest at the top: categories run from the smallest of the top 3 up.
    assert list(fig.layout.yaxis.categoryarray) == ["d3", "d2", "d1"]
    everything = runs_plots.feature_importance(importance)
    assert "&lt;b&gt;d4&lt;/b&gt;" in list(everything.layout.yaxis.categoryarray)  # escaped
    assert "d5" not in list(everything.layout.yaxis.categoryarray)  # no gain recorded
