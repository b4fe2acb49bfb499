"""Figures of the Overview page: a DataFrame from :mod:`recsys.views.overview` in, a Plotly
figure out."""

from __future__ import annotations

import math
from typing import Final

import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from recsys.plots._style import ACCENT, GREY, empty, escape_labels, style

__all__ = [
    "listeners_by_country",
    "listens_per_week",
    "lorenz_curve",
    "style",
    "top_genres",
]

_COUNTRY_LABELS: Final = {"other": "Other (small groups)", "unknown": "Unknown"}


def listens_per_week(frame: pd.DataFrame, *, empty_message: str | None = None) -> go.Figure:
    """Plays per week as a line, with listeners and hours in the hover; a panel per source.

    Weeks a source covers only in part (``partial``: its first and last) are drawn as open
    markers off the line, so that their low counts do not read as a drop in listening. With
    more than one source (an import beside the demo data, say), each source gets its own panel
    with its own y-axis over a shared time axis: a single listener's plays stay visible beside
    a large log, and no line is drawn across the months between two sources.

    Args:
        frame: columns ``week``, ``plays``, ``listeners``, ``hours``, ``partial`` and,
            optionally, ``source`` and ``dataset`` (see
            :func:`recsys.views.overview.listens_per_week`).
        empty_message: what to say when the frame is empty; defaults to saying the data has no
            timestamps.
    """
    if frame.empty:
        fig = go.Figure()
        empty(fig, empty_message or "No timestamps in this dataset: it has play counts only")
        _weekly_axes(fig)
        return style(fig, "Plays per week")
    groups = _by_source(frame)
    if len(groups) == 1:
        fig = go.Figure()
    else:
        titles = escape_labels(label for label, _ in groups)
        fig = make_subplots(
            rows=len(groups), cols=1, shared_xaxes=True, subplot_titles=titles,
            vertical_spacing=min(0.12, 0.3 / len(groups)),
        )  # fmt: skip
    legend: set[str] = set()
    for row, (_, rows) in enumerate(groups, start=1):
        partial = rows["partial"].astype(bool)
        traces = [_weeks(rows[~partial], "full week", "lines+markers", {"size": 4})]
        if partial.any():
            marker = {"size": 8, "symbol": "circle-open"}
            traces.append(_weeks(rows[partial], "partial week", "markers", marker))
        for trace in traces:
            trace.showlegend = trace.name not in legend
            legend.add(str(trace.name))
            if len(groups) == 1:
                fig.add_trace(trace)
            else:
                fig.add_trace(trace, row=row, col=1)
    _weekly_axes(fig, rows=len(groups))
    height = 360 if len(groups) == 1 else 120 + 200 * len(groups)
    return style(fig, "Plays per week", legend=len(legend) > 1, height=height)


def _by_source(frame: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """The weekly rows split by source, in order of appearance, with each source's label."""
    if "source" not in frame.columns:
        return [("", frame)]
    labels = frame["dataset"] if "dataset" in frame.columns else frame["source"]
    return [
        (str(labels[rows.index[0]]), rows)
        for _, rows in frame.groupby("source", sort=False, dropna=False)
    ]


def _weekly_axes(fig: go.Figure, *, rows: int = 1) -> None:
    """Axis titles of the weekly chart: the time axis under the last panel, plays on each."""
    fig.update_yaxes(title_text="plays", rangemode="tozero")
    if rows == 1:
        fig.update_xaxes(title_text="week (UTC)")
    else:
        fig.update_xaxes(title_text="week (UTC)", row=rows, col=1)


def _weeks(rows: pd.DataFrame, name: str, mode: str, marker: dict[str, object]) -> go.Scatter:
    """One trace of weekly plays, with listeners and hours in the hover."""
    return go.Scatter(
        x=rows["week"],
        y=rows["plays"],
        name=name,
        mode=mode,
        line={"color": ACCENT, "width": 2},
        marker={"color": ACCENT, **marker},
        customdata=rows[["listeners", "hours"]].to_numpy(),
        hovertemplate=(
            f"{name} of %{{x|%Y-%m-%d}}<br>%{{y:,}} plays<br>%{{customdata[0]:,}} listeners"
            "<br>%{customdata[1]:,.0f} hours<extra></extra>"
        ),
    )


def lorenz_curve(frame: pd.DataFrame, gini: float, *, level: str = "track") -> go.Figure:
    """Lorenz curve of plays per item, the line of equality, and the Gini in the title.

    Args:
        frame: columns ``item_share`` and ``play_share`` (see :func:`recsys.views.overview.lorenz`).
        gini: the Gini coefficient of the same counts.
        level: what the items are (``"track"`` or ``"artist"``), for the labels.
    """
    fig = go.Figure()
    fig.add_trace(
        go.Scatter(
            x=[0.0, 1.0],
            y=[0.0, 1.0],
            mode="lines",
            name="equality",
            line={"color": GREY, "dash": "dash", "width": 1},
            hoverinfo="skip",
        )
    )
    if frame.empty:
        empty(fig, f"No {level} has any plays")
    else:
        fig.add_trace(
            go.Scatter(
                x=frame["item_share"],
                y=frame["play_share"],
                mode="lines",
                name="Lorenz curve",
                line={"color": ACCENT, "width": 2},
                hovertemplate=(
                    f"least played %{{x:.0%}} of {level}s<br>get %{{y:.1%}} of plays<extra></extra>"
                ),
            )
        )
    fig.update_xaxes(title_text=f"share of {level}s, least played first", tickformat=".0%")
    fig.update_yaxes(title_text="share of plays", tickformat=".0%", range=[0, 1.02])
    title = f"Popularity of {level}s"
    if not math.isnan(gini):
        title += f" — Gini {gini:.2f}"
    return style(fig, title, legend=True)


def top_genres(frame: pd.DataFrame, *, level: str = "parent") -> go.Figure:
    """Horizontal bars of the most played genres, most played on top.

    Bars are placed by ``genre_id`` and labelled with the name, so two genres that share a name
    keep separate bars.

    Args:
        frame: columns ``genre_id``, ``genre``, ``plays``, ``share`` (see
            :func:`recsys.views.overview.top_genres`).
        level: ``"parent"`` or ``"sub"``, for the title.
    """
    fig = go.Figure()
    noun = "genres" if level == "parent" else "sub-genres"
    if frame.empty:
        empty(fig, "No genre-tagged plays")
    else:
        ordered = frame.iloc[::-1]
        ids = [str(i) for i in ordered["genre_id"]]
        names = escape_labels(ordered["genre"])
        fig.add_trace(
            go.Bar(
                x=ordered["plays"],
                y=ids,
                orientation="h",
                marker={"color": ACCENT},
                customdata=list(zip(names, ordered["share"], strict=True)),
                hovertemplate=(
                    "%{customdata[0]}<br>%{x:,.0f} plays (%{customdata[1]:.1%})<extra></extra>"
                ),
            )
        )
        fig.update_yaxes(tickmode="array", tickvals=ids, ticktext=names)
    fig.update_xaxes(title_text="plays (split over each artist's genres by weight)")
    fig.update_yaxes(title_text=None, automargin=True, type="category")
    return style(fig, f"Top {noun} by plays", height=max(320, 28 * len(frame) + 120))


def listeners_by_country(frame: pd.DataFrame) -> go.Figure:
    """Horizontal bars of listeners per country, largest on top.

    Args:
        frame: columns ``country`` (ISO alpha-2, ``"other"`` or ``"unknown"``), ``listeners``,
            ``plays`` (see :func:`recsys.views.overview.listeners_by_country`).
    """
    fig = go.Figure()
    if frame.empty:
        empty(fig, "No group is large enough to show")
    else:
        ordered = frame.iloc[::-1]
        labels = [_COUNTRY_LABELS.get(c, c) for c in ordered["country"]]
        fig.add_trace(
            go.Bar(
                x=ordered["listeners"],
                y=escape_labels(labels),
                orientation="h",
                marker={"color": ACCENT},
                customdata=ordered["plays"],
                hovertemplate="%{y}<br>%{x:,} listeners<br>%{customdata:,} plays<extra></extra>",
            )
        )
    fig.update_xaxes(title_text="listeners")
    fig.update_yaxes(title_text=None, automargin=True, type="category")
    return style(fig, "Listeners by country", height=max(320, 28 * len(frame) + 120))
