"""KPI cards show their whole value at common laptop widths, on every page that has them.

A value is cut off when an element inside a metric is narrower than its content (the browser
then draws an ellipsis, ``3,…``): its ``scrollWidth`` exceeds its ``clientWidth``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.e2e.conftest import App

pytestmark = pytest.mark.e2e

WIDTHS = (800, 1024, 1440)
"""Viewport widths in CSS pixels: a small laptop window, a 1024 px screen, a common laptop."""

PAGES = {"overview": "", "runs": "runs"}
"""Pages with KPI cards, by name, and their URL paths."""

_CUT_OFF = """
() => Array.from(document.querySelectorAll("[data-testid='stMetric']")).map((metric) => {
  const parts = metric.querySelectorAll(
    "[data-testid='stMetricValue'], [data-testid='stMetricValue'] *," +
    "[data-testid='stMetricDelta'], [data-testid='stMetricDelta'] *"
  );
  const cut = Array.from(parts).some(
    (el) => el.clientWidth > 0 && el.scrollWidth > el.clientWidth + 1
  );
  return {text: metric.innerText.replace(/\\s+/g, " ").trim(), cut: cut};
})
"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", list(PAGES))
def test_no_kpi_value_is_cut_off(app: App, name: str, width: int) -> None:
    app.resize(width)
    app.goto(PAGES[name])
    metrics = app.page.evaluate(_CUT_OFF)

    assert len(metrics) >= 4, f"{name} shows no KPI cards"
    cut = [m["text"] for m in metrics if m["cut"]]
    app.screenshot(f"kpis-{name}-{width}")
    assert cut == [], f"KPI values cut off on {name} at {width} px"
