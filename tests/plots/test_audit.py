"""Audit figures: intervals and verdict colours drawn, suppressed groups left out, labels escaped,
the chosen point of a trade-off marked."""

from __future__ import annotations

import numpy as np
import pandas as pd

from recsys.plots import ACCENT
from recsys.plots import audit as plots


def _rows(**overrides: object) -> pd.DataFrame:
    base = {
        "name": ["soundcheck"] * 3,
        "metric": ["ndcg@10"] * 3,
        "group": ["<b>LowMS</b>", "MedMS", "tiny"],
        "ratio": [0.7, 1.0, np.nan],
        "ratio_low": [0.6, 1.0, np.nan],
        "ratio_high": [0.75, 1.0, np.nan],
        "verdict": ["fail", "pass", "suppressed"],
    }
    base.update(overrides)  # type: ignore[arg-type]
    return pd.DataFrame(base)


def test_group_ratios_draw_intervals_coloured_by_verdict() -> None:
    fig = plots.group_ratios(_rows(), "NDCG@10 by mainstreaminess")
    traces = {t.name: t for t in fig.data}
    assert set(traces) == {"fail", "pass"}  # the suppressed group is left out
    fail = traces["fail"]
    assert list(fail.y) == ["&lt;b&gt;LowMS&lt;/b&gt;"]
    assert fail.marker.color == plots.VERDICT_COLOURS["fail"]
    assert np.allclose(fail.error_x.array, [0.05]) and np.allclose(fail.error_x.arrayminus, [0.1])
    band = [s for s in fig.layout.shapes if s.type == "rect"]
    assert (band[0].x0, band[0].x1) == (0.8, 1.25)


def test_group_ratios_label_sets_when_several_are_compared() -> None:
    two = pd.concat([_rows(), _rows(name=["most popular"] * 3)], ignore_index=True)
    fig = plots.group_ratios(two, "t")
    labels = [y for t in fig.data for y in t.y]
    assert "MedMS · most popular" in labels and "MedMS · soundcheck" in labels


def test_group_ratios_without_any_group_says_so() -> None:
    fig = plots.group_ratios(_rows().iloc[2:], "t")
    assert not fig.data and "No group large enough" in fig.layout.annotations[0].text


def test_exposure_ratios_mark_the_reference_and_colour_the_verdict() -> None:
    rows = pd.DataFrame(
        {
            "metric": ["exposure_vs_catalogue", "exposure_vs_oracle"],
            "group": ["female", "female"],
            "ratio": [0.6, 0.4],
            "ratio_low": [0.4, 0.3],
            "ratio_high": [0.8, 0.5],
            "verdict": ["inconclusive", "fail"],
        }
    )
    fig = plots.exposure_ratios(rows, "Exposure by artist gender")
    data = [t for t in fig.data if t.x[0] is not None]
    assert [t.marker.symbol for t in data] == ["circle", "star"]
    assert [t.marker.color[0] for t in data] == [
        plots.VERDICT_COLOURS["inconclusive"],
        plots.VERDICT_COLOURS["fail"],
    ]
    legend = {t.name for t in fig.data if t.x[0] is None}
    assert {"vs catalogue share", "vs true preference", "fail", "inconclusive"} <= legend


def test_tradeoff_curve_marks_the_chosen_strength() -> None:
    curves = pd.DataFrame(
        {"strength": [0.0, 0.5, 1.0], "ndcg": [0.13, 0.12, 0.08], "target_value": [0.7, 0.4, 0.2]}
    )
    fig = plots.tradeoff_curve(curves, 0.5, title="Calibrated", x_title="miscalibration")
    line, chosen = fig.data
    assert list(line.text) == ["0", "0.5", "1"]
    assert (chosen.x[0], chosen.y[0]) == (0.4, 0.12) and chosen.marker.color == ACCENT


def test_genre_mix_puts_history_beside_the_lists() -> None:
    mix = pd.DataFrame({"genre": ["Rock", "<Pop>"], "history": [0.7, 0.3], "before": [1.0, None]})
    fig = plots.genre_mix(mix, "Genres", columns={"history": "history", "before": "list"})
    assert [t.name for t in fig.data] == ["history", "list"]
    assert list(fig.data[0].y) == ["Rock", "&lt;Pop&gt;"]
    assert list(fig.data[1].x) == [1.0, 0.0]
