"""Figures of the Audit pages and the audit report: group ratios with intervals and verdicts,
exposure against its references, trade-off curves and genre mixes.

Every function takes a DataFrame (the audit's figures, curves or mixes) and returns a Plotly
figure; group names, set names and genres come from data and are escaped.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import pandas as pd
import plotly.graph_objects as go

from recsys.plots._style import ACCENT, GREY, empty, escape_labels, style

__all__ = [
    "REFERENCE_SYMBOLS",
    "VERDICT_COLOURS",
    "exposure_ratios",
    "genre_mix",
    "group_ratios",
    "tradeoff_curve",
]

VERDICT_COLOURS: Final = {
    "pass": "#2F9E44",
    "fail": "#E03131",
    "inconclusive": "#F08C00",
    "suppressed": GREY,
}
"""One colour per verdict, shared by every audit figure and table."""

REFERENCE_SYMBOLS: Final = {
    "exposure_vs_catalogue": "circle",
    "exposure_vs_listening": "diamond",
    "exposure_vs_oracle": "star",
}
"""One marker per exposure reference."""

_REFERENCE_LABELS: Final = {
    "exposure_vs_catalogue": "vs catalogue share",
    "exposure_vs_listening": "vs listening share",
    "exposure_vs_oracle": "vs true preference",
}


def _band(fig: go.Figure, band: Sequence[float]) -> None:
    """The pass band shaded, and the line of parity."""
    fig.add_vrect(x0=band[0], x1=band[1], fillcolor="#EBFBEE", line_width=0, layer="below")
    fig.add_vline(x=1.0, line_dash="dot", line_color=GREY)


def _label(frame: pd.DataFrame, by_set: bool) -> list[str]:
    groups = escape_labels(frame["group"])
    if not by_set:
        return groups
    sets = escape_labels(frame["name"])
    return [f"{g} · {s}" for g, s in zip(groups, sets, strict=True)]


def group_ratios(
    figures: pd.DataFrame, title: str, *, band: Sequence[float] = (0.8, 1.25), x_title: str = ""
) -> go.Figure:
    """Each group's ratio with its interval, coloured by verdict, over the shaded pass band.

    Args:
        figures: rows of one metric and grouping (``group, ratio, ratio_low, ratio_high,
            verdict``, and ``name`` when several sets of lists are compared); suppressed
            groups are left out of the chart.
        title: the chart title.
        band: the pass band.
        x_title: the axis title (default: "ratio").
    """
    fig = go.Figure()
    shown = figures.loc[figures["verdict"] != "suppressed"].dropna(subset=["ratio"])
    by_set = "name" in shown.columns and shown["name"].nunique() > 1
    if shown.empty:
        empty(fig, "No group large enough to show")
        return style(fig, title)
    _band(fig, band)
    labels = _label(shown, by_set)
    for verdict, colour in VERDICT_COLOURS.items():
        part = shown["verdict"] == verdict
        if not part.any():
            continue
        rows = shown.loc[part]
        fig.add_trace(
            go.Scatter(
                x=rows["ratio"],
                y=[lab for lab, p in zip(labels, part, strict=True) if p],
                mode="markers",
                name=verdict,
                marker={"color": colour, "size": 10},
                error_x={
                    "type": "data",
                    "symmetric": False,
                    "array": (rows["ratio_high"] - rows["ratio"]).clip(lower=0),
                    "arrayminus": (rows["ratio"] - rows["ratio_low"]).clip(lower=0),
                    "color": colour,
                },
                hovertemplate="%{y}: %{x:.3f}<extra>" + verdict + "</extra>",
            )
        )
    fig.update_xaxes(title=x_title or "ratio (1 = parity)")
    fig.update_yaxes(autorange="reversed", type="category")
    return style(fig, title, legend=True, height=max(260, 40 + 34 * len(shown)))


def exposure_ratios(
    figures: pd.DataFrame, title: str, *, band: Sequence[float] = (0.8, 1.25)
) -> go.Figure:
    """Artist groups' exposure ratio against each reference, intervals and verdicts drawn.

    ``figures`` holds one grouping's ``exposure_vs_*`` rows; the marker tells the reference
    and the colour the verdict.
    """
    fig = go.Figure()
    shown = figures.loc[figures["verdict"] != "suppressed"].dropna(subset=["ratio"])
    if shown.empty:
        empty(fig, "No artist group large enough to show")
        return style(fig, title)
    _band(fig, band)
    by_set = "name" in shown.columns and shown["name"].nunique() > 1
    for metric, symbol in REFERENCE_SYMBOLS.items():
        rows = shown.loc[shown["metric"] == metric]
        if rows.empty:
            continue
        colours = [VERDICT_COLOURS[v] for v in rows["verdict"]]
        fig.add_trace(
            go.Scatter(
                x=rows["ratio"],
                y=_label(rows, by_set),
                mode="markers",
                name=_REFERENCE_LABELS[metric],
                marker={"color": colours, "size": 11, "symbol": symbol},
                error_x={
                    "type": "data",
                    "symmetric": False,
                    "array": (rows["ratio_high"] - rows["ratio"]).clip(lower=0),
                    "arrayminus": (rows["ratio"] - rows["ratio_low"]).clip(lower=0),
                    "color": GREY,
                },
                customdata=rows["verdict"],
                hovertemplate="%{y}: %{x:.3f} (%{customdata})<extra>"
                + _REFERENCE_LABELS[metric]
                + "</extra>",
                showlegend=False,
            )
        )
        _legend_entry(fig, _REFERENCE_LABELS[metric], GREY, symbol)
    for verdict in sorted(set(shown["verdict"])):
        _legend_entry(fig, verdict, VERDICT_COLOURS[verdict], "square")
    fig.update_xaxes(title="exposure share ÷ reference share (1 = parity)")
    fig.update_yaxes(autorange="reversed", type="category")
    n = shown.groupby(["group"] + (["name"] if by_set else [])).ngroups
    return style(fig, title, legend=True, height=max(280, 60 + 40 * n))


def _legend_entry(fig: go.Figure, label: str, colour: str, symbol: str) -> None:
    """A legend-only entry (the markers of a trace carry several colours)."""
    fig.add_trace(
        go.Scatter(
            x=[None],
            y=[None],
            mode="markers",
            name=label,
            marker={"color": colour, "size": 10, "symbol": symbol},
            hoverinfo="skip",
        )
    )


def tradeoff_curve(curves: pd.DataFrame, strength: float, *, title: str, x_title: str) -> go.Figure:
    """NDCG@10 against the targeted metric across the strength grid, the chosen point marked.

    Args:
        curves: one re-ranker's ``strength, ndcg, target_value``.
        strength: the chosen strength (marked).
        title: the chart title.
        x_title: what the targeted metric is.
    """
    fig = go.Figure()
    if curves.empty:
        empty(fig, "No trade-off curve for this run")
        return style(fig, title)
    c = curves.sort_values("strength")
    fig.add_trace(
        go.Scatter(
            x=c["target_value"],
            y=c["ndcg"],
            mode="lines+markers+text",
            text=[f"{s:g}" for s in c["strength"]],
            textposition="top center",
            line={"color": GREY},
            marker={"color": GREY, "size": 7},
            name="strength",
            hovertemplate="strength %{text}: NDCG@10 %{y:.4f}, %{x:.4f}<extra></extra>",
        )
    )
    chosen = c.loc[(c["strength"] - strength).abs().idxmin()]
    fig.add_trace(
        go.Scatter(
            x=[chosen["target_value"]],
            y=[chosen["ndcg"]],
            mode="markers",
            marker={"color": ACCENT, "size": 16, "line": {"color": "white", "width": 2}},
            name=f"chosen ({chosen['strength']:g})",
            hovertemplate="NDCG@10 %{y:.4f}, %{x:.4f}<extra>chosen</extra>",
        )
    )
    fig.update_xaxes(title=x_title)
    fig.update_yaxes(title="NDCG@10 on the test window")
    return style(fig, title, legend=True)


def genre_mix(mix: pd.DataFrame, title: str, *, columns: dict[str, str]) -> go.Figure:
    """Genre shares side by side (history beside one or more lists).

    Args:
        mix: ``genre`` and one share column per side.
        title: the chart title.
        columns: ``{column: legend label}`` in drawing order; the first is the history.
    """
    fig = go.Figure()
    if mix.empty:
        empty(fig, "No genre information for this listener")
        return style(fig, title)
    colours = [GREY, ACCENT, "#AE3EC9", "#2F9E44"]
    genres = escape_labels(mix["genre"])
    for (col, label), colour in zip(columns.items(), colours, strict=False):
        fig.add_trace(
            go.Bar(
                x=mix[col].fillna(0.0),
                y=genres,
                orientation="h",
                name=label,
                marker_color=colour,
                hovertemplate="%{y}: %{x:.1%}<extra>" + label + "</extra>",
            )
        )
    fig.update_layout(barmode="group")
    fig.update_xaxes(title="share", tickformat=".0%")
    fig.update_yaxes(autorange="reversed", type="category")
    return style(fig, title, legend=True, height=max(300, 60 + 22 * len(mix) * len(columns)))
