"""Plot functions: the figures carry the expected traces, values and labels."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go
import pytest

from recsys.plots import overview as plots
from recsys.views import overview


def _annotations(fig: go.Figure) -> list[str]:
    return [a.text for a in fig.layout.annotations]


def test_listens_per_week_draws_full_weeks_as_a_line_and_partial_ones_apart() -> None:
    weekly = pd.DataFrame(
        {
            "week": pd.to_datetime(["2025-01-06", "2025-01-13", "2025-01-20"]),
            "plays": [3, 5, 1],
            "listeners": [1, 2, 1],
            "hours": [0.5, 0.25, 0.1],
            "skip_rate": [0.0, 0.2, 0.0],
            "partial": [False, False, True],
        }
    )
    fig = plots.listens_per_week(weekly)
    full, partial = fig.data
    assert (full.name, full.mode, list(full.y)) == ("full week", "lines+markers", [3, 5])
    assert pd.to_datetime(list(full.x)).tolist() == weekly["week"][:2].tolist()
    assert full.customdata.tolist() == [[1, 0.5], [2, 0.25]]
    assert (partial.name, partial.mode, list(partial.y)) == ("partial week", "markers", [1])
    assert fig.layout.title.text == "Plays per week"
    assert fig.layout.showlegend


def test_listens_per_week_without_partial_weeks_has_one_trace() -> None:
    weekly = pd.DataFrame(
        {
            "week": pd.to_datetime(["2025-01-06"]),
            "plays": [3],
            "listeners": [1],
            "hours": [0.5],
            "partial": [False],
        }
    )
    fig = plots.listens_per_week(weekly)
    assert [t.name for t in fig.data] == ["full week"]
    assert not fig.layout.showlegend


def test_listens_per_week_without_timestamps_says_so() -> None:
    fig = plots.listens_per_week(pd.DataFrame(columns=["week", "plays", "listeners", "hours"]))
    assert fig.data == ()
    assert any("No timestamps" in text for text in _annotations(fig))


def test_lorenz_curve_has_the_diagonal_the_curve_and_the_gini_in_the_title() -> None:
    counts = [0, 0, 0, 10]
    fig = plots.lorenz_curve(overview.lorenz(counts), overview.gini(counts), level="artist")
    equality, curve = fig.data
    assert (list(equality.x), list(equality.y)) == ([0.0, 1.0], [0.0, 1.0])
    assert list(curve.x) == [0.0, 0.25, 0.5, 0.75, 1.0]
    assert list(curve.y) == [0.0, 0.0, 0.0, 0.0, 1.0]
    assert fig.layout.title.text == "Popularity of artists — Gini 0.75"


def test_lorenz_curve_without_plays_keeps_the_diagonal_and_drops_the_gini() -> None:
    fig = plots.lorenz_curve(overview.lorenz([]), overview.gini([]), level="track")
    assert len(fig.data) == 1
    assert fig.layout.title.text == "Popularity of tracks"
    assert _annotations(fig) == ["No track has any plays"]


def test_top_genres_puts_the_most_played_on_top() -> None:
    genres = pd.DataFrame(
        {
            "genre_id": [1, 3],
            "genre": ["rock", "pop"],
            "plays": [3.75, 2.25],
            "share": [0.625, 0.375],
        }
    )
    fig = plots.top_genres(genres, level="sub")
    (bar,) = fig.data
    assert bar.orientation == "h"
    assert list(bar.y) == ["3", "1"]  # plotly draws the first category at the bottom
    assert list(fig.layout.yaxis.ticktext) == ["pop", "rock"]
    assert list(bar.x) == [2.25, 3.75]
    assert fig.layout.title.text == "Top sub-genres by plays"


def test_genres_that_share_a_name_keep_their_own_bars() -> None:
    genres = pd.DataFrame(
        {"genre_id": [7, 8], "genre": ["alternative", "alternative"], "plays": [2.0, 1.0]}
    ).assign(share=[0.5, 0.25])
    (bar,) = plots.top_genres(genres).data
    assert list(bar.y) == ["8", "7"]
    assert list(bar.x) == [1.0, 2.0]


def test_names_from_data_are_escaped_not_rendered_as_markup() -> None:
    genres = pd.DataFrame(
        {
            "genre_id": [1, 2],
            "genre": ['<a href="javascript:alert(1)">x</a>', "R&B"],
            "plays": [2.0, 1.0],
            "share": [0.5, 0.25],
        }
    )
    fig = plots.top_genres(genres)
    escaped = ["R&amp;B", '&lt;a href="javascript:alert(1)"&gt;x&lt;/a&gt;']
    assert list(fig.layout.yaxis.ticktext) == escaped
    assert [name for name, _ in fig.data[0].customdata] == escaped  # the hover text too


def test_listeners_by_country_labels_the_folded_groups() -> None:
    countries = pd.DataFrame(
        {"country": ["other", "US", "unknown"], "listeners": [125, 48, 21], "plays": [9, 8, 7]}
    )
    fig = plots.listeners_by_country(countries)
    (bar,) = fig.data
    assert list(bar.y) == ["Unknown", "US", "Other (small groups)"]
    assert list(bar.x) == [21, 48, 125]
    assert list(bar.customdata) == [7, 8, 9]


@pytest.mark.parametrize(
    "fig",
    [
        plots.listeners_by_country(pd.DataFrame(columns=["country", "listeners", "plays"])),
        plots.top_genres(pd.DataFrame(columns=["genre_id", "genre", "plays", "share"])),
    ],
)
def test_empty_bar_charts_explain_themselves(fig: go.Figure) -> None:
    assert fig.data == ()
    assert len(_annotations(fig)) == 1


def test_all_figures_share_one_look() -> None:
    weekly = pd.DataFrame(columns=["week", "plays", "listeners", "hours"])
    figs = [
        plots.listens_per_week(weekly),
        plots.lorenz_curve(overview.lorenz([1, 2]), overview.gini([1, 2])),
        plots.top_genres(pd.DataFrame(columns=["genre_id", "genre", "plays", "share"])),
        plots.listeners_by_country(pd.DataFrame(columns=["country", "listeners", "plays"])),
    ]
    for fig in figs:
        assert fig.layout.template.layout.paper_bgcolor == "white"
        assert fig.layout.title.x == 0.0
        assert fig.layout.margin.t == 50


def _two_sources() -> pd.DataFrame:
    """An old listener in January 2024 (with a week without plays) and a big log in 2025."""
    old_weeks = pd.to_datetime(["2024-01-01", "2024-01-08", "2024-01-15", "2024-01-22"])
    new_weeks = pd.to_datetime(["2025-10-27", "2025-11-03", "2025-11-10"])
    return pd.DataFrame(
        {
            "source": ["csv"] * 4 + ["synthetic:demo"] * 3,
            "dataset": ["old <listener>"] * 4 + ["synthetic-demo"] * 3,
            "week": [*old_weeks, *new_weeks],
            "plays": [5, 7, 0, 3, 9_000, 30_000, 31_000],
            "listeners": [1, 1, 0, 1, 800, 2_900, 2_950],
            "hours": [0.3, 0.4, 0.0, 0.2, 500.0, 1_700.0, 1_750.0],
            "skip_rate": [None, None, None, None, 0.1, 0.1, 0.1],
            "partial": [True, False, False, True, True, False, False],
        }
    )


def test_listens_per_week_gives_each_source_its_own_panel_and_never_bridges_a_gap() -> None:
    fig = plots.listens_per_week(_two_sources())
    axes = {(t.yaxis or "y") for t in fig.data}
    assert len(axes) == 2  # each source on its own scale: 5 plays are visible beside 30,000
    for trace in fig.data:
        weeks = pd.to_datetime(list(trace.x))
        if trace.mode and "lines" in trace.mode:
            assert (weeks.to_series().diff().dropna() == pd.Timedelta(days=7)).all()
    old = [t for t in fig.data if list(t.y) and max(t.y) < 100]
    assert sorted(v for t in old for v in t.y) == [0, 3, 5, 7]  # the empty week is a zero
    titles = _annotations(fig)
    assert "old &lt;listener&gt;" in titles and "synthetic-demo" in titles
    # The partial first week of the big log stays apart from its line.
    partial = [t for t in fig.data if t.name == "partial week" and max(t.y) > 100]
    assert [list(t.y) for t in partial] == [[9_000]]


def test_the_shared_look_is_light_to_send() -> None:
    import plotly.graph_objects as go

    from recsys.plots import style

    fig = style(go.Figure(go.Bar(x=[1, 2], y=[3, 4])), "t")
    assert fig.layout.template.layout.plot_bgcolor == "white"
    assert fig.layout.template.layout.xaxis.gridcolor == "#EBF0F8"  # plotly_white's grid
    assert len(fig.to_json()) < 2_500  # the whole plotly_white template made it ~7 KB
