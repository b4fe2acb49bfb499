"""The chart component's payload, and the trimmed Plotly bundle it loads."""

from __future__ import annotations

import json
import re
from pathlib import Path

import plotly.graph_objects as go
import pytest

from recsys.ui import charts

ENTRY = Path(__file__).resolve().parents[2] / "scripts" / "plotly_bundle" / "entry.js"


def test_the_payload_is_the_figures_json_and_the_selection_modes() -> None:
    fig = go.Figure(go.Scattergl(x=[1, 2], y=[3, 4], customdata=[[7], [8]]))
    fig.update_layout(height=300)

    sent = json.loads(charts.payload(fig, ("box", "lasso")))

    assert sent["select"] == ["box", "lasso"]
    assert sent["figure"] == json.loads(fig.to_json())
    assert json.loads(charts.payload(fig))["select"] is None


def test_a_trace_type_the_bundle_does_not_draw_is_refused_by_name() -> None:
    fig = go.Figure([go.Bar(x=[1], y=[2]), go.Pie(values=[1, 2]), go.Heatmap(z=[[1]])])
    with pytest.raises(ValueError, match=r"does not draw heatmap, pie traces"):
        charts.payload(fig)


def test_the_bundle_holds_the_trace_types_the_component_accepts() -> None:
    registered = set(re.findall(r"require\('plotly\.js/lib/(\w+)'\)", ENTRY.read_text()))
    assert registered - {"core"} | {"scatter"} == charts.TRACE_TYPES  # the core is scatter
    banner = charts.BUNDLE.read_text(encoding="utf-8")[:300]
    assert "core (scatter), bar, scattergl, waterfall" in banner
    assert charts.BUNDLE.stat().st_size < 2_000_000  # the point: well under the 4.7 MB chunk
