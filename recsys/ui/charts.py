"""Plotly charts drawn with the dashboard's own trimmed Plotly bundle.

``st.plotly_chart`` loads Streamlit's Plotly chunk: all of plotly.js, 4.7 MB of JavaScript that a
fresh browser session parses before its first chart appears (a page with one small chart took
2.2-2.5x as long as an empty page to show it). The dashboard draws four trace types (scatter,
bar, scattergl, waterfall), so it serves a 1.5 MB build of plotly.js with only those
(``static/plotly-soundcheck.min.js``, made by ``scripts/plotly_bundle/``, served by Streamlit's
static file serving) and draws each figure with a small ``st.components.v2`` component.

A figure using another trace type needs that type added to ``scripts/plotly_bundle/entry.js``
and the bundle rebuilt (``make plotly-bundle``); :func:`plotly_chart` refuses it by name
until then, rather than drawing an empty chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from pathlib import Path
from typing import Any, Literal

import plotly.graph_objects as go
import streamlit as st

__all__ = ["BUNDLE", "TRACE_TYPES", "plotly_chart", "preload"]

BUNDLE = Path(__file__).resolve().parents[2] / "static" / "plotly-soundcheck.min.js"
"""The trimmed Plotly build the charts load (served at ``app/static/``)."""

TRACE_TYPES = frozenset({"scatter", "bar", "scattergl", "waterfall"})
"""The trace types in the bundle (``scripts/plotly_bundle/entry.js``)."""

_JS = Path(__file__).with_name("plotly_chart.js")

SelectMode = Literal["box", "lasso"]


@cache
def _component() -> Any:
    """The chart component, registered once a process."""
    return st.components.v2.component(
        "soundcheck_plotly_chart", js=_JS.read_text(encoding="utf-8"), isolate_styles=False
    )


def payload(fig: go.Figure, select: Sequence[SelectMode] = ()) -> bytes:
    """What the component receives: the figure's JSON and the selection modes offered.

    Raises:
        ValueError: the figure has a trace type the bundle does not draw.
    """
    missing = sorted({trace.type or "scatter" for trace in fig.data} - TRACE_TYPES)
    if missing:
        raise ValueError(
            f"the dashboard's Plotly bundle does not draw {', '.join(missing)} traces: add them "
            "to scripts/plotly_bundle/entry.js and run `make plotly-bundle`"
        )
    modes = ",".join(f'"{mode}"' for mode in select)
    select_json = f"[{modes}]" if select else "null"
    return b'{"figure":' + fig.to_json().encode() + b',"select":' + select_json.encode() + b"}"


def plotly_chart(
    fig: go.Figure, *, key: str | None = None, select: Sequence[SelectMode] = ()
) -> dict[str, Any] | None:
    """Draw ``fig`` the width of its container.

    Args:
        fig: the figure (its traces of :data:`TRACE_TYPES`).
        key: the element's key; needed with ``select`` so a selection survives reruns.
        select: offer a box and/or lasso selection; a new selection reruns the page.

    Returns:
        With ``select``, the current selection as ``{"points": [{"curve_number",
        "point_index", "x", "y", "customdata"}, ...]}`` (no points when cleared), or ``None``
        before any; without ``select``, ``None``.
    """
    data = payload(fig, select)
    if not select:
        _component()(data=data, key=key)
        return None
    result = _component()(data=data, key=key, on_selection_change=lambda: None)
    selection = result.get("selection")
    return selection if isinstance(selection, dict) else None


def preload() -> None:
    """Start loading the chart library now, so that it is ready when the first chart arrives
    rather than fetched and parsed after it (an element that draws nothing)."""
    _component()(data=b'{"preload":true}', key="soundcheck-plotly-preload")
