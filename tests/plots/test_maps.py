"""Figures of the Discover pages: every artist point carries its id, labels from data are
escaped, colours follow the chosen measure, and 20,000 artists stay a light figure."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from recsys.maps import selected_ids
from recsys.plots.maps import (
    COLOUR_MODES,
    PALETTE,
    cluster_exposure,
    cluster_trajectory,
    community_growth,
    emerging_ranking,
    genre_map,
)


def _points(n: int = 6, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    return pd.DataFrame(
        {
            "artist_id": np.arange(101, 101 + n),
            "name": [f"Artist <b>{i}</b>" for i in range(n)],
            "x": rng.normal(size=n),
            "y": rng.normal(size=n),
            "cluster_id": [i % 3 - 1 for i in range(n)],  # -1, 0, 1, ...
            "cluster": [("unclustered", "rock · punk", "jazz")[i % 3] for i in range(n)],
            "parent_genre": [("Rock", None, "Jazz")[i % 3] for i in range(n)],
            "top_tags": ["rock, punk"] * n,
            "listeners": rng.integers(1, 500, n),
            "exposure_gap": rng.normal(0, 0.001, n),
            "growth": rng.lognormal(0, 1, n),
        }
    )


def _artist_traces(fig_json: dict) -> list[dict]:
    return [t for t in fig_json["data"] if t.get("customdata") and t["x"] != [None]]


@pytest.mark.parametrize("mode", COLOUR_MODES)
def test_every_point_carries_its_artist_id(mode: str) -> None:
    points = _points()
    spec = json.loads(genre_map(points, mode).to_json())  # type: ignore[arg-type]
    traces = _artist_traces(spec)
    ids = [row[0] for t in traces for row in t["customdata"]]
    assert sorted(ids) == points["artist_id"].tolist()
    assert all(t["type"] == "scattergl" for t in traces)
    names = [row[1] for t in traces for row in t["customdata"]]
    assert "Artist &lt;b&gt;0&lt;/b&gt;" in names and not any("<b>" in n for n in names)


def test_cluster_colours_follow_the_cluster_id_and_noise_is_grey() -> None:
    points = _points()
    trace = genre_map(points, "cluster").data[0]
    scale = trace.marker.colorscale  # category i is drawn with scale[2 i]'s colour
    drawn = [scale[2 * int(code)][1] for code in trace.marker.color]
    colours = dict(zip([int(r[0]) for r in trace.customdata], drawn, strict=True))
    assert colours[101] == "#9AA0A6"  # cluster -1
    assert colours[102] == PALETTE[0] and colours[103] == PALETTE[1]


def test_parent_genres_get_a_legend_entry_each() -> None:
    fig = genre_map(_points(), "parent genre")
    legend = [t.name for t in fig.data if t.showlegend is not False and list(t.x) == [None]]
    assert legend == ["Jazz", "Rock", "unknown"]


def test_exposure_gap_is_diverging_around_zero() -> None:
    (trace,) = _artist_traces(json.loads(genre_map(_points(), "exposure gap").to_json()))
    assert trace["marker"]["cmid"] == 0.0 and trace["marker"]["colorscale"]
    assert trace["marker"]["cmin"] == -trace["marker"]["cmax"]


def test_month_colours_by_that_months_plays() -> None:
    points = _points()
    plays = pd.Series({101: 9, 104: 99})
    (trace,) = _artist_traces(json.loads(genre_map(points, "month", month_plays=plays).to_json()))
    by_id = {row[0]: row[5] for row in trace["customdata"]}
    assert by_id[101] == 9 and by_id[104] == 99 and by_id[102] == 0


def test_focus_zooms_to_the_artist_and_names_it() -> None:
    points = _points()
    fig = genre_map(points, "cluster", focus=103)
    x = float(points.loc[points["artist_id"] == 103, "x"].iloc[0])
    assert fig.layout.xaxis.range == pytest.approx((x - 1.5, x + 1.5))
    assert fig.layout.annotations[0].text == "Artist &lt;b&gt;2&lt;/b&gt;"


def test_a_listeners_overlay_is_selectable_too() -> None:
    points = _points()
    history = points.head(2).assign(plays=[10, 5])
    recs = points.tail(1).assign(best_rank=[1])
    fig = genre_map(points, "cluster", history=history, recommended=recs)
    names = [t.name for t in fig.data]
    assert "listened" in names and "recommended" in names
    event = {"selection": {"points": [{"customdata": list(t.customdata[0])} for t in fig.data]}}
    assert selected_ids(event) == [101, 106]


def test_twenty_thousand_artists_make_a_light_figure() -> None:
    points = _points(20_000, seed=2)
    points["cluster_id"] = np.arange(20_000) % 80
    payload = len(genre_map(points, "cluster").to_json())
    assert payload < 4_000_000  # bytes: about 190 per artist


def test_side_figures_draw_their_rows() -> None:
    clusters = pd.DataFrame(
        {
            "cluster_id": [3, 1, -1],
            "label": ["brega funk", "samba <i>", "unclustered"],
            "score": [12.0, 1.0, np.nan],
            "significant": [True, False, False],
            "growth": [8.0, 1.1, np.nan],
            "q_value": [1e-9, 0.8, np.nan],
        }
    )
    bars = emerging_ranking(clusters)
    assert list(bars.data[0].y) == ["samba &lt;i&gt;", "brega funk"]
    tests = pd.DataFrame(
        {
            "kind": ["all", "country", "friends"],
            "community": ["everyone", "BR", "friends f1"],
            "growth": [3.0, 9.0, 2.0],
            "score": [5.0, 20.0, 3.0],
            "q_value": [1e-4, 1e-20, 0.01],
            "members": [200, 40, 30],
            "significant": [True, True, True],
        }
    )
    assert list(community_growth(tests).data[0].y) == ["friends f1", "BR"]
    traj = pd.DataFrame(
        {
            "kind": ["all", "all", "country", "country"],
            "community_id": ["everyone", "everyone", "BR", "BR"],
            "community": ["everyone", "everyone", "BR", "BR"],
            "window_end": pd.to_datetime(["2026-01-28", "2025-12-31"] * 2),
            "share": [0.2, 0.1, 0.6, 0.1],
            "listeners": [40, 20, 24, 4],
            "active": [200, 200, 40, 40],
        }
    )
    fig = cluster_trajectory(traj, ["BR"])
    assert [t.name for t in fig.data] == ["everyone", "BR"]
    assert list(fig.data[1].y) == [0.1, 0.6]  # oldest window first
    exposure = cluster_exposure(pd.Series({"listen_share": 0.02, "rec_share": 0.005}))
    assert list(exposure.data[0].x) == [0.02, 0.005]
