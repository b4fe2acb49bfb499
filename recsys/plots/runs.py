"""Plots for the Runs page: model comparison, training curve, feature importance."""

from __future__ import annotations

from typing import Final

import pandas as pd
import plotly.graph_objects as go

from recsys.model import registry
from recsys.plots._style import ACCENT, GREY, GROUP_COLOURS, escape_labels, style

__all__ = ["feature_importance", "model_comparison", "training_curve"]

_ORACLE: Final = "#C9CED6"


def model_comparison(table: pd.DataFrame, metric: str = "ndcg@10") -> go.Figure:
    """One bar per model for ``metric``: the ranker in the accent colour, the oracle pale."""
    colours = [
        ACCENT if m == registry.RANKER else _ORACLE if m == registry.ORACLE else GREY
        for m in table["model"]
    ]
    names = [registry.model_label(m) for m in table["model"]]
    fig = go.Figure(
        go.Bar(
            x=escape_labels(names),
            y=table[metric],
            marker_color=colours,
            text=[f"{v:.3f}" for v in table[metric]],
            textposition="outside",
            hovertemplate="%{x}<br>" + metric + " %{y:.4f}<extra></extra>",
        )
    )
    fig.update_yaxes(title_text=metric, rangemode="tozero")
    return style(fig, f"{metric} by model (same test users)")


def training_curve(curve: pd.DataFrame) -> go.Figure:
    """NDCG per boosting round on training and validation users."""
    fig = go.Figure()
    for split, colour in (("train", GREY), ("valid", ACCENT)):
        part = curve[curve["split"] == split]
        if part.empty:
            continue
        fig.add_trace(
            go.Scatter(
                x=part["iteration"],
                y=part["ndcg"],
                mode="lines",
                name="training users" if split == "train" else "validation users",
                line={"color": colour, "width": 2},
            )
        )
    if not curve.empty and (curve["split"] == "valid").any():
        valid = curve[curve["split"] == "valid"]
        best = valid.loc[valid["ndcg"].idxmax()]
        fig.add_vline(
            x=float(best["iteration"]),
            line_dash="dot",
            line_color=GREY,
            annotation_text=f"kept {int(best['iteration'])} rounds (best on validation)",
            annotation_position="top left",
            annotation_font_color=GREY,
        )
    fig.update_xaxes(title_text="boosting round (one more tree each)")
    fig.update_yaxes(title_text="NDCG@10 among each listener's candidates")
    return style(fig, "Training curve", legend=True)


def feature_importance(importance: pd.DataFrame, top: int = 20) -> go.Figure:
    """Share of total split gain of the ``top`` features, one colour (and legend entry) a group.

    Bars are labelled with each feature's plain description; its column name is in the hover.
    """
    data = importance.dropna(subset=["gain_share"]).head(top).iloc[::-1]
    fig = go.Figure()
    for group, colour in GROUP_COLOURS.items():
        part = data[data["group"] == group]
        if part.empty:
            continue
        fig.add_trace(
            go.Bar(
                x=part["gain_share"],
                y=escape_labels(part["description"]),
                orientation="h",
                name=group,
                marker_color=colour,
                customdata=escape_labels(part["feature"]),
                hovertemplate="%{y}<br>feature %{customdata}<br>%{x:.1%} of gain<extra>"
                + group
                + "</extra>",
            )
        )
    fig.update_xaxes(title_text="share of total gain", tickformat=".0%")
    fig.update_yaxes(
        type="category",
        automargin=True,
        categoryorder="array",
        categoryarray=escape_labels(data["description"]),
    )
    fig = style(
        fig, "What the ranker relies on (gain)", legend=True, height=max(340, 22 * len(data) + 160)
    )
    # below the plot: a half-width column leaves no room for a legend beside the title
    fig.update_layout(
        legend={
            "orientation": "h",
            "y": -0.12,
            "yanchor": "top",
            "x": 0.0,
            "xanchor": "left",
            "title": {"text": "group "},
        }
    )
    return fig
