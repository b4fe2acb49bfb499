"""Figures for the Recommend pages: a listener's history, SHAP waterfalls and differences, and
the global views (importance, beeswarm, dependence, cohort comparison)."""

from __future__ import annotations

from typing import Final

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from recsys.plots._style import ACCENT, GREY, GROUP_COLOURS, empty, escape_labels, style

__all__ = [
    "COLOURS",
    "beeswarm",
    "cohort_comparison",
    "contribution_difference",
    "dependence",
    "genre_mix",
    "importance",
    "top_artists",
    "waterfall",
    "weekly_plays",
]

COLOURS: Final = {**GROUP_COLOURS, "generators": "#0B7285"}
"""One colour per explanation group (the candidate generators' features have their own)."""
_UP: Final = ACCENT
_DOWN: Final = "#E8590C"
_SCALE: Final = [[0.0, "#4C6EF5"], [0.5, "#CED4DA"], [1.0, "#E8590C"]]


def _label(name: str, labels: dict[str, str] | None) -> str:
    return labels.get(name, name) if labels else name


def waterfall(
    contributions: pd.DataFrame,
    base_value: float,
    title: str,
    *,
    top: int = 12,
    labels: dict[str, str] | None = None,
) -> go.Figure:
    """From the base value to the item's score: the largest contributions, the rest summed.

    Args:
        contributions: ``name, value`` (features or groups).
        base_value: the ranker's expected raw score.
        title: the chart title.
        top: contributions shown one by one (the others are one bar).
        labels: display names of ``name`` values.
    """
    data = contributions.assign(_a=contributions["value"].abs())
    data = data.sort_values(["_a", "name"], ascending=[False, True])
    shown, rest = data.head(top), data.iloc[top:]
    names = [_label(n, labels) for n in shown["name"]]
    values = shown["value"].tolist()
    if len(rest):
        names.append(f"{len(rest)} other features")
        values.append(float(rest["value"].sum()))
    score = base_value + float(contributions["value"].sum())
    fig = go.Figure(
        go.Waterfall(
            orientation="h",
            y=escape_labels(["base value", *names, "score"]),
            x=[base_value, *values, score],
            measure=["absolute", *["relative"] * len(values), "total"],
            text=[f"{base_value:.3f}", *(f"{v:+.3f}" for v in values), f"{score:.3f}"],
            textposition="outside",
            increasing={"marker": {"color": _UP}},
            decreasing={"marker": {"color": _DOWN}},
            totals={"marker": {"color": GREY}},
            connector={"line": {"color": GREY, "width": 1}},
            hovertemplate="%{y}: %{text}<extra></extra>",
            cliponaxis=False,
        )
    )
    levels = np.concatenate([[0.0, base_value], base_value + np.cumsum(values), [score]])
    low, high = float(levels.min()), float(levels.max())
    pad = 0.18 * max(high - low, 1e-6)
    fig.update_yaxes(autorange="reversed", automargin=True, type="category")
    fig.update_xaxes(title_text="raw ranker score", range=[low - pad, high + pad])
    return style(fig, title, height=max(320, 26 * (len(names) + 2) + 120))


def contribution_difference(
    diff: pd.DataFrame,
    label_a: str,
    label_b: str,
    *,
    title: str | None = None,
    top: int = 15,
    labels: dict[str, str] | None = None,
) -> go.Figure:
    """Per feature (or group), how much more it adds to A's score than to B's.

    Args:
        diff: ``name, difference`` (A minus B), largest absolute difference first.
        label_a: what A is called on the axis.
        label_b: what B is called on the axis.
        title: the chart title (default: "Why A scores +x against B").
        top: rows shown.
        labels: display names of ``name`` values.
    """
    data = diff.head(top).iloc[::-1]
    colours = [_UP if v >= 0 else _DOWN for v in data["difference"]]
    fig = go.Figure(
        go.Bar(
            x=data["difference"],
            y=escape_labels([_label(n, labels) for n in data["name"]]),
            orientation="h",
            marker_color=colours,
            text=[f"{v:+.3f}" for v in data["difference"]],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x:+.3f}<extra></extra>",
        )
    )
    fig.add_vline(x=0, line_color=GREY)
    fig.update_yaxes(type="category", automargin=True)
    fig.update_xaxes(title_text=f"favours {label_b}  ←   → favours {label_a}")
    total = float(diff["difference"].sum())
    return style(
        fig,
        title or f"Why {label_a} scores {total:+.3f} against {label_b}",
        height=max(320, 24 * len(data) + 140),
    )


def importance(frame: pd.DataFrame, title: str, *, top: int = 20) -> go.Figure:
    """Mean |SHAP| bars, one colour per group (``name, group, mean_abs_shap``)."""
    data = frame.head(top).iloc[::-1]
    fig = go.Figure()
    for group, colour in COLOURS.items():
        part = data[data["group"] == group]
        if part.empty:
            continue
        fig.add_trace(
            go.Bar(
                x=part["mean_abs_shap"],
                y=escape_labels(part["name"]),
                orientation="h",
                name="candidate generators" if group == "generators" else group,
                marker_color=colour,
                hovertemplate="%{y}: %{x:.4f}<extra></extra>",
            )
        )
    fig.update_yaxes(
        type="category",
        categoryorder="array",
        categoryarray=escape_labels(data["name"]),
        automargin=True,
    )
    fig.update_xaxes(title_text="mean |SHAP| (raw score)")
    return style(fig, title, legend=True, height=max(300, 22 * len(data) + 150))


def _percentile(values: pd.Series) -> np.ndarray:
    """Each value's rank within its feature, 0 (lowest) to 1 (highest); missing is NaN."""
    return values.rank(pct=True).to_numpy()


def beeswarm(
    shap: pd.DataFrame,
    values: pd.DataFrame,
    features: list[str],
    *,
    max_points: int = 1500,
    seed: int = 0,
) -> go.Figure:
    """One row of points per feature: SHAP value across, coloured by the feature's value.

    At most ``max_points`` candidates (a seeded draw, the same rows for every feature) are
    drawn; colours rank each value among all rows, so the draw does not shift them.
    """
    rng = np.random.default_rng(seed)
    rows = np.arange(len(shap))
    if len(rows) > max_points:
        rows = np.sort(rng.choice(rows, max_points, replace=False))
    xs, ys, cs, texts = [], [], [], []
    for i, feature in enumerate(reversed(features)):
        phi = shap[feature].to_numpy()[rows]
        xs.append(phi)
        ys.append(np.full(len(phi), i) + rng.uniform(-0.3, 0.3, len(phi)))
        cs.append(_percentile(values[feature])[rows])
        texts.append([f"{feature} = {v:.3g}" for v in values[feature].to_numpy()[rows]])
    x = np.concatenate(xs) if xs else np.array([])
    y = np.concatenate(ys) if ys else np.array([])
    c = np.concatenate(cs) if cs else np.array([])
    text = np.concatenate(texts) if texts else np.array([])
    known = ~np.isnan(c)
    fig = go.Figure(
        [
            go.Scattergl(
                x=x[known],
                y=y[known],
                mode="markers",
                name="value known",
                marker={
                    "size": 4,
                    "color": c[known],
                    "colorscale": _SCALE,
                    "colorbar": {
                        "title": {"text": "value"},
                        "tickvals": [0, 1],
                        "ticktext": ["low", "high"],
                    },
                    "opacity": 0.6,
                },
                text=text[known],
                hovertemplate="%{text}<br>SHAP %{x:+.3f}<extra></extra>",
            ),
            go.Scattergl(
                x=x[~known],
                y=y[~known],
                mode="markers",
                name="value missing",
                marker={"size": 4, "color": GREY, "opacity": 0.35},
                text=text[~known],
                hovertemplate="%{text}<br>SHAP %{x:+.3f}<extra></extra>",
            ),
        ]
    )
    fig.add_vline(x=0, line_color=GREY)
    fig.update_yaxes(
        tickvals=list(range(len(features))),
        ticktext=escape_labels(list(reversed(features))),
        automargin=True,
    )
    fig.update_xaxes(title_text="SHAP value (effect on the raw score)")
    return style(fig, "Each candidate's SHAP values", height=max(340, 30 * len(features) + 140))


def dependence(
    x: pd.Series, phi: pd.Series, colour: pd.Series, feature: str, partner: str
) -> go.Figure:
    """A feature's SHAP value against its value, coloured by a partner feature's value."""
    fig = go.Figure(
        go.Scattergl(
            x=x,
            y=phi,
            mode="markers",
            marker={
                "size": 5,
                "color": colour,
                "colorscale": _SCALE,
                "colorbar": {"title": {"text": escape_labels([partner])[0]}},
                "opacity": 0.7,
            },
            customdata=colour,
            hovertemplate=f"{escape_labels([feature])[0]} %{{x:.3g}}<br>SHAP %{{y:+.3f}}"
            f"<br>{escape_labels([partner])[0]} %{{customdata:.3g}}<extra></extra>",
        )
    )
    fig.add_hline(y=0, line_color=GREY)
    fig.update_xaxes(title_text=escape_labels([feature])[0])
    fig.update_yaxes(title_text=f"SHAP value of {escape_labels([feature])[0]}")
    return style(fig, f"How {feature} moves the score (colour: {partner})", height=420)


def cohort_comparison(
    frame: pd.DataFrame, names: list[str], title: str, *, labels: dict[str, str] | None = None
) -> go.Figure:
    """Mean SHAP per cohort (dots) with its 95% interval (bars), one row per feature or group.

    Args:
        frame: ``cohort, name, n_users, mean_shap, ci_low, ci_high``.
        names: the features or groups shown, top row first.
        title: the chart title.
        labels: display names of ``name`` values.
    """
    fig = go.Figure()
    cohorts = sorted(frame["cohort"].unique())
    palette = ["#4C6EF5", "#E8590C", "#2F9E44", "#AE3EC9", "#0B7285", "#F08C00", "#868E96"]
    rows = list(reversed(names))
    for k, cohort in enumerate(cohorts):
        part = frame[frame["cohort"] == cohort].set_index("name").reindex(rows)
        offset = (k - (len(cohorts) - 1) / 2) * 0.8 / max(len(cohorts), 1)
        fig.add_trace(
            go.Scatter(
                x=part["mean_shap"],
                y=np.arange(len(rows)) + offset,
                mode="markers",
                name=escape_labels([f"{cohort} (n={int(part['n_users'].max())})"])[0]
                if part["n_users"].notna().any()
                else escape_labels([cohort])[0],
                marker={"color": palette[k % len(palette)], "size": 8},
                error_x={
                    "type": "data",
                    "symmetric": False,
                    "array": part["ci_high"] - part["mean_shap"],
                    "arrayminus": part["mean_shap"] - part["ci_low"],
                    "thickness": 1.5,
                },
                customdata=np.stack([part["ci_low"], part["ci_high"]], axis=1),
                hovertemplate="%{x:+.4f} (95% CI %{customdata[0]:+.4f} to "
                "%{customdata[1]:+.4f})<extra>" + escape_labels([cohort])[0] + "</extra>",
            )
        )
    fig.add_vline(x=0, line_color=GREY)
    fig.update_yaxes(tickvals=list(range(len(rows))), ticktext=escape_labels(rows), automargin=True)
    fig.update_xaxes(title_text="mean SHAP value (raw score), 95% bootstrap interval")
    if frame.empty:
        empty(fig, "No cohort has enough listeners in the sample")
    return style(fig, title, legend=True, height=max(360, 40 * len(rows) + 160))


def top_artists(frame: pd.DataFrame) -> go.Figure:
    """The listener's most played artists (``artist, plays``)."""
    data = frame.iloc[::-1]
    fig = go.Figure(
        go.Bar(
            x=data["plays"],
            y=escape_labels(data["artist"]),
            orientation="h",
            marker_color=ACCENT,
            hovertemplate="%{y}: %{x:,} plays<extra></extra>",
        )
    )
    fig.update_yaxes(type="category", automargin=True)
    fig.update_xaxes(title_text="plays")
    if frame.empty:
        empty(fig, "No plays")
    return style(fig, "Top artists", height=max(300, 24 * len(data) + 120))


def weekly_plays(frame: pd.DataFrame) -> go.Figure:
    """The listener's plays per week (``week, plays, skips``)."""
    fig = go.Figure()
    if frame.empty:
        empty(fig, "No timestamped plays (aggregate play counts only)")
        return style(fig, "Listening per week", height=300)
    fig.add_trace(go.Bar(x=frame["week"], y=frame["plays"], name="plays", marker_color=ACCENT))
    fig.add_trace(
        go.Scatter(
            x=frame["week"], y=frame["skips"], name="skips", mode="lines", line={"color": GREY}
        )
    )
    fig.update_yaxes(title_text="plays per week")
    return style(fig, "Listening per week", legend=True, height=300)


def genre_mix(frame: pd.DataFrame) -> go.Figure:
    """Share of the listener's plays per broad genre (``parent, share``)."""
    data = frame.iloc[::-1]
    fig = go.Figure(
        go.Bar(
            x=data["share"],
            y=escape_labels(data["parent"]),
            orientation="h",
            marker_color=ACCENT,
            text=[f"{v:.0%}" for v in data["share"]],
            textposition="outside",
            cliponaxis=False,
            hovertemplate="%{y}: %{x:.1%}<extra></extra>",
        )
    )
    fig.update_yaxes(type="category", automargin=True)
    top = float(frame["share"].max()) if len(frame) else 1.0
    fig.update_xaxes(
        title_text="share of plays (tag-weighted)", tickformat=".0%", range=[0, top * 1.2]
    )
    if frame.empty:
        empty(fig, "No genre tags")
    return style(fig, "Genre mix", height=max(300, 24 * len(data) + 120))
