"""Figures of the Discover pages (Genre map, Emerging): frames from :mod:`recsys.maps` in,
Plotly figures out.

The map is drawn with ``Scattergl`` (WebGL) so thousands of artists stay responsive; every
artist point carries its ``artist_id`` first in ``customdata``, which is what a box or lasso
selection hands back (point indices depend on how the points were split into traces).
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from typing import Final, Literal

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import qualitative

from recsys.plots._style import ACCENT, GREY, empty, escape_labels, style

__all__ = [
    "COLOUR_MODES",
    "ColourMode",
    "cluster_exposure",
    "cluster_trajectory",
    "community_growth",
    "emerging_ranking",
    "genre_map",
]

ColourMode = Literal["cluster", "parent genre", "exposure gap", "growth", "month"]
COLOUR_MODES: Final[tuple[ColourMode, ...]] = (
    "cluster",
    "parent genre",
    "exposure gap",
    "growth",
)
"""What the map's points can be coloured by (``month`` needs a month's plays)."""

PALETTE: Final = (*qualitative.Dark24, *qualitative.Alphabet, *qualitative.Light24)
"""Categorical colours, cycled by cluster id (noise is grey)."""

_HOVER = (
    "<b>%{customdata[1]}</b><br>%{customdata[2]}<br>listeners: %{customdata[3]:,}"
    "<br>cluster: %{customdata[4]}<extra></extra>"
)
_MAP_HEIGHT = 640


def _sizes(listeners: pd.Series) -> np.ndarray:
    """Marker sizes from listeners: 3 to 14 pixels by square root."""
    top = max(float(listeners.max()), 1.0) if len(listeners) else 1.0
    return np.round(3.0 + 11.0 * np.sqrt(listeners.clip(lower=0) / top), 2)


def _columns(*columns: Iterable[object]) -> np.ndarray:
    """``customdata`` rows from columns, each keeping its own type (ids stay integers)."""
    cols = [list(c) for c in columns]
    out = np.empty((len(cols[0]) if cols else 0, len(cols)), dtype=object)
    for j, col in enumerate(cols):
        out[:, j] = col
    return out


def _customdata(points: pd.DataFrame) -> np.ndarray:
    """``artist_id, name, top tags, listeners, cluster`` of every point (names escaped)."""
    return _columns(
        points["artist_id"].astype(int).tolist(),
        escape_labels(points["name"]),
        escape_labels(points["top_tags"].fillna("no tags")),
        points["listeners"].astype(int).tolist(),
        escape_labels(points["cluster"].fillna("unclustered")),
    )


def _categorical(fig: go.Figure, points: pd.DataFrame, column: str, legend: bool) -> None:
    """One trace whose points are coloured by category from :data:`PALETTE` (clusters by id,
    other categories by sorted name; noise and unknown grey), plus a legend entry per
    category when ``legend`` (one WebGL trace keeps thousands of points fast)."""
    if column == "cluster_id":
        keys = points["cluster_id"].astype(int)
        colour_of = {k: GREY if k < 0 else PALETTE[k % len(PALETTE)] for k in keys.unique()}
    else:
        keys = points[column].fillna("unknown").astype(str)
        named = sorted(k for k in keys.unique() if k != "unknown")
        colour_of = {k: PALETTE[i % len(PALETTE)] for i, k in enumerate(named)}
        colour_of["unknown"] = GREY
    order = list(colour_of)
    codes = keys.map({k: i for i, k in enumerate(order)}).to_numpy(np.float64)
    fig.add_trace(
        go.Scattergl(
            x=points["x"], y=points["y"], mode="markers", name="artists",
            marker={"size": _sizes(points["listeners"]), "color": codes,
                    "colorscale": _stepped([colour_of[k] for k in order]), "cmin": -0.5,
                    "cmax": len(order) - 0.5, "showscale": False, "opacity": 0.75,
                    "line": {"width": 0}},
            customdata=_customdata(points), hovertemplate=_HOVER, showlegend=False,
        )
    )  # fmt: skip
    if not legend:
        return
    for key, colour in colour_of.items():
        if key == "unknown" and not (keys == "unknown").any():
            continue
        fig.add_trace(
            go.Scattergl(
                x=[None], y=[None], mode="markers", name=escape_labels([key])[0],
                marker={"size": 9, "color": colour}, hoverinfo="skip",
            )
        )  # fmt: skip


def _stepped(colours: list[str]) -> list[list[float | str]]:
    """A colour scale that gives category code ``i`` (with ``cmin=-0.5``, ``cmax=n-0.5``)
    exactly ``colours[i]``: numbers are far cheaper for Plotly to check than 20,000 colour
    strings."""
    n = max(len(colours), 1)
    scale: list[list[float | str]] = []
    for i, colour in enumerate(colours):
        scale += [[i / n, colour], [(i + 1) / n, colour]]
    return scale or [[0.0, GREY], [1.0, GREY]]


def _numeric(fig: go.Figure, points: pd.DataFrame, values: pd.Series, mode: ColourMode) -> None:
    """One trace coloured by a number: the exposure gap (diverging around 0), growth (log2,
    diverging around no change) or a month's plays."""
    if mode == "exposure gap":
        v = values.fillna(0.0) * 100
        limit = max(float(np.nanpercentile(np.abs(v), 99)), 1e-6) if len(v) else 1.0
        colour = {"color": v, "colorscale": "RdBu", "cmid": 0.0, "cmin": -limit, "cmax": limit,
                  "colorbar": {"title": {"text": "gap (pp)"}}}  # fmt: skip
        extra = "<br>exposure gap: %{marker.color:+.3f} pp"
    elif mode == "growth":
        v = np.log2(values.fillna(1.0).clip(lower=1 / 16, upper=16))
        colour = {"color": v, "colorscale": "RdBu_r", "cmid": 0.0, "cmin": -3, "cmax": 3,
                  "colorbar": {"title": {"text": "growth"}, "tickvals": [-3, -1, 0, 1, 3],
                               "ticktext": ["1/8x", "1/2x", "1x", "2x", "8x"]}}  # fmt: skip
        extra = "<br>growth: 2^%{marker.color:.2f}"
    else:
        v = np.log10(values.fillna(0.0) + 1)
        colour = {"color": v, "colorscale": "Viridis", "cmin": 0,
                  "colorbar": {"title": {"text": "plays"}, "tickvals": [0, 1, 2, 3, 4],
                               "ticktext": ["0", "10", "100", "1k", "10k"]}}  # fmt: skip
        extra = "<br>plays this month: %{customdata[5]:,}"
    data = _customdata(points)
    if mode == "month":
        data = _columns(*data.T, values.fillna(0).astype(int).tolist())
    fig.add_trace(
        go.Scattergl(
            x=points["x"],
            y=points["y"],
            mode="markers",
            name=mode,
            marker={"size": _sizes(points["listeners"]), "opacity": 0.8, "line": {"width": 0},
                    **colour},
            customdata=data,
            hovertemplate=_HOVER.replace("<extra></extra>", extra + "<extra></extra>"),
            showlegend=False,
        )
    )  # fmt: skip


def genre_map(
    points: pd.DataFrame,
    colour_by: ColourMode = "cluster",
    *,
    month_plays: pd.Series | None = None,
    focus: int | None = None,
    history: pd.DataFrame | None = None,
    recommended: pd.DataFrame | None = None,
    labels: pd.DataFrame | None = None,
    title: str = "Genre map",
) -> go.Figure:
    """The map of artists: one point per artist, sized by listeners, coloured by cluster,
    parent genre, exposure gap, growth or one month's plays.

    Args:
        points: :func:`recsys.maps.map_points` (``artist_id, name, x, y, cluster_id,
            cluster, parent_genre, top_tags, listeners, exposure_gap, growth``).
        colour_by: what the colour shows.
        month_plays: plays per artist (index ``artist_id``) in the month shown, for
            ``colour_by="month"``.
        focus: an artist to zoom to and point at.
        history: a listener's artists (``artist_id, x, y, name, plays``), drawn as rings.
        recommended: their recommended artists (``artist_id, x, y, name, best_rank``),
            drawn as stars.
        labels: cluster labels to print at their centres (``label, x, y``).
        title: the figure's title.
    """
    fig = go.Figure()
    if points.empty:
        empty(fig, "No artists on this map")
        return style(fig, title, height=_MAP_HEIGHT)
    if colour_by == "cluster":
        _categorical(fig, points, "cluster_id", legend=False)
    elif colour_by == "parent genre":
        _categorical(fig, points, "parent_genre", legend=True)
    elif colour_by == "month":
        plays = month_plays if month_plays is not None else pd.Series(dtype=float)
        _numeric(fig, points, points["artist_id"].map(plays).fillna(0), "month")
    else:
        column = "exposure_gap" if colour_by == "exposure gap" else "growth"
        _numeric(fig, points, points[column], colour_by)
    if labels is not None and not labels.empty:
        fig.add_trace(
            go.Scatter(
                x=labels["x"], y=labels["y"], mode="text", text=escape_labels(labels["label"]),
                textfont={"size": 11, "color": "#343A40"}, hoverinfo="skip", showlegend=False,
                name="labels",
            )
        )  # fmt: skip
    _overlay(fig, history, recommended)
    if focus is not None:
        _zoom(fig, points, focus)
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False, scaleanchor="x", scaleratio=1)
    fig.update_layout(dragmode="lasso", uirevision="genre-map")
    style(fig, title, legend=colour_by == "parent genre" or history is not None,
          height=_MAP_HEIGHT)  # fmt: skip
    fig.update_layout(legend={"orientation": "v", "x": 1.0, "xanchor": "left", "y": 1.0,
                              "yanchor": "top"})  # fmt: skip
    return fig


def _overlay(fig: go.Figure, history: pd.DataFrame | None, recs: pd.DataFrame | None) -> None:
    """A listener's artists as rings and their recommendations as stars (with artist ids, so a
    selection over them works too)."""
    for frame, name, symbol, colour, detail in (
        (history, "listened", "circle-open", "#212529", "plays: %{customdata[2]:,}"),
        (recs, "recommended", "star", "#F08C00", "best rank: %{customdata[2]}"),
    ):
        if frame is None or frame.empty:
            continue
        value = frame["plays"] if name == "listened" else frame["best_rank"]
        fig.add_trace(
            go.Scattergl(
                x=frame["x"], y=frame["y"], mode="markers", name=name,
                marker={"symbol": symbol, "size": 12, "color": colour, "line": {"width": 2}},
                customdata=_columns(frame["artist_id"].astype(int).tolist(),
                                    escape_labels(frame["name"]), value.astype(int).tolist()),
                hovertemplate=f"<b>%{{customdata[1]}}</b><br>{name}<br>{detail}<extra></extra>",
            )
        )  # fmt: skip


def _zoom(fig: go.Figure, points: pd.DataFrame, artist_id: int) -> None:
    row = points[points["artist_id"] == artist_id]
    if row.empty:
        return
    x, y = float(row["x"].iloc[0]), float(row["y"].iloc[0])
    fig.add_annotation(
        x=x, y=y, text=escape_labels([row["name"].iloc[0]])[0], showarrow=True, arrowhead=2,
        ax=40, ay=-40, bgcolor="white", bordercolor=ACCENT,
    )  # fmt: skip
    fig.update_xaxes(range=[x - 1.5, x + 1.5])
    fig.update_yaxes(range=[y - 1.5, y + 1.5])


def emerging_ranking(clusters: pd.DataFrame, top: int = 15) -> go.Figure:
    """The most emerging clusters as bars of their burst score, significant ones in colour."""
    title = "Most emerging clusters in rank order (bars: burst score)"
    fig = go.Figure()
    rows = clusters[clusters["cluster_id"] >= 0].dropna(subset=["score"]).head(top)
    if rows.empty:
        empty(fig, "No trend tests: the data has no timestamps")
        return style(fig, title)
    rows = rows.iloc[::-1]
    fig.add_trace(
        go.Bar(
            x=rows["score"], y=escape_labels(rows["label"]), orientation="h",
            marker={"color": [ACCENT if s else GREY for s in rows["significant"]]},
            customdata=np.column_stack([rows["growth"].fillna(np.nan), rows["q_value"]]),
            hovertemplate="%{y}<br>score %{x:.1f}<br>growth %{customdata[0]:.1f}x"
            "<br>q-value %{customdata[1]:.2g}<extra></extra>",
        )
    )  # fmt: skip
    fig.update_xaxes(title_text="burst score (z)")
    return style(fig, title, height=max(300, 28 * len(rows) + 80))


def cluster_trajectory(frame: pd.DataFrame, communities: list[str] | None = None) -> go.Figure:
    """A cluster's share of each community's active listeners per window: everyone in grey,
    the chosen communities (its drivers) in colour.

    Args:
        frame: :func:`recsys.maps.cluster_trajectory` (``kind, community_id, community,
            window_end, share, listeners, active``).
        communities: community ids to draw besides everyone (default: none).
    """
    title = "Share of active listeners who played the cluster, per 28-day window"
    fig = go.Figure()
    if frame.empty:
        empty(fig, "No listening times: no trajectory")
        return style(fig, title)
    wanted = {"everyone", *(communities or [])}
    for i, (cid, rows) in enumerate(frame[frame["community_id"].isin(wanted)].groupby(
            "community_id", sort=False)):  # fmt: skip
        rows = rows.sort_values("window_end")
        everyone = cid == "everyone"
        fig.add_trace(
            go.Scatter(
                x=rows["window_end"], y=rows["share"], mode="lines+markers",
                name=escape_labels([rows["community"].iloc[0]])[0],
                line={"color": GREY if everyone else PALETTE[i % len(PALETTE)],
                      "width": 3 if everyone else 2},
                customdata=np.column_stack([rows["listeners"], rows["active"]]),
                hovertemplate="%{x|%Y-%m-%d}: %{y:.1%} (%{customdata[0]:,} of "
                "%{customdata[1]:,})<extra>%{fullData.name}</extra>",
            )
        )  # fmt: skip
    fig.update_yaxes(tickformat=".0%", rangemode="tozero")
    return style(fig, title, legend=True)


def community_growth(tests: pd.DataFrame, top: int = 12) -> go.Figure:
    """Growth of one cluster in each community (log scale), significant ones in colour."""
    title = "Growth by community (recent window over the baseline)"
    fig = go.Figure()
    rows = tests[tests["kind"] != "all"].sort_values("score", ascending=False).head(top)
    if rows.empty:
        empty(fig, "No community of 20 or more listeners")
        return style(fig, title)
    rows = rows.iloc[::-1]
    fig.add_trace(
        go.Bar(
            x=rows["growth"], y=escape_labels(rows["community"]), orientation="h",
            marker={"color": [ACCENT if s else GREY for s in rows["significant"]]},
            customdata=np.column_stack([rows["score"], rows["q_value"], rows["members"]]),
            hovertemplate="%{y} (%{customdata[2]:,} listeners)<br>growth %{x:.1f}x<br>"
            "score %{customdata[0]:.1f}, q-value %{customdata[1]:.2g}<extra></extra>",
        )
    )  # fmt: skip
    fig.add_vline(x=1.0, line_dash="dot", line_color=GREY)
    fig.update_xaxes(type="log", title_text="growth (x)")
    return style(fig, title, height=max(300, 28 * len(rows) + 80))


def cluster_exposure(cluster: pd.Series) -> go.Figure:
    """A cluster's share of recommendations beside its share of recent listening."""
    title = "Share of recommendations vs share of recent listening"
    fig = go.Figure()
    listen, rec = cluster.get("listen_share"), cluster.get("rec_share")
    if rec is None or (isinstance(rec, float) and math.isnan(rec)):
        empty(fig, "This run has no recommendations to compare")
        return style(fig, title, height=240)
    fig.add_trace(
        go.Bar(
            x=[float(listen), float(rec)], y=["recent listening", "recommendations"],
            orientation="h", marker={"color": [GREY, ACCENT]},
            text=[f"{float(listen):.2%}", f"{float(rec):.2%}"], textposition="auto",
            hovertemplate="%{y}: %{x:.3%}<extra></extra>",
        )
    )  # fmt: skip
    fig.update_xaxes(tickformat=".1%", rangemode="tozero")
    return style(fig, title, height=240)
