"""Charts are drawn with the dashboard's own trimmed Plotly bundle (recsys/ui/charts.py), and a
lasso drawn on the genre map selects the artists inside it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import devserver
import pytest
from playwright.sync_api import expect

from recsys import warehouse
from recsys.maps import map_points
from recsys.ui.navigation import PAGES, PageSpec

if TYPE_CHECKING:
    from playwright.sync_api import Browser

    from tests.e2e.conftest import App, StreamlitServer

pytestmark = pytest.mark.e2e

CHARTED = [s for s in PAGES if s.url_path in {"overview", "runs", "genre-map"}]


@pytest.mark.parametrize("spec", CHARTED, ids=[s.url_path for s in CHARTED])
def test_charts_load_the_trimmed_bundle_once_and_never_streamlits_plotly(
    app: App, spec: PageSpec
) -> None:
    requests: list[str] = []
    app.page.on("request", lambda request: requests.append(request.url))
    app.goto("" if spec is PAGES[0] else spec.url_path)

    charts = app.page.locator(devserver.CHARTS)
    assert charts.count() >= 1
    for chart in charts.all():  # every chart drew its SVG with the bundle
        expect(chart.locator("[data-drawn='true'] .main-svg").first).to_be_attached()
    bundles = [url for url in requests if url.endswith("/app/static/plotly-soundcheck.min.js")]
    assert len(bundles) == 1, requests
    assert not [url for url in requests if "/PlotlyChart." in url], "Streamlit's Plotly chunk"


def test_a_lasso_drawn_on_the_genre_map_lists_the_artists_inside_it(app: App) -> None:
    page = app.goto("genre-map")
    assert page.get_by_text("Draw a box or a lasso around artists").is_visible()

    plot = page.locator(devserver.CHARTS).first.locator(".nsewdrag").first
    box = plot.bounding_box()
    assert box is not None
    left, top = box["x"] + 1, box["y"] + 1
    right, bottom = box["x"] + box["width"] - 1, box["y"] + box["height"] - 1
    page.mouse.move(left, top)  # the map's drag mode is the lasso: round the whole plot area
    page.mouse.down()
    for x, y in [(right, top), (right, bottom), (left, bottom), (left, top + 1)]:
        page.mouse.move(x, y, steps=5)
    page.mouse.up()

    selected = page.get_by_test_id("stMetric").filter(has_text="Artists selected")
    expect(selected).to_be_visible()
    app.wait()
    count = int(selected.get_by_test_id("stMetricValue").inner_text().replace(",", ""))
    con = warehouse.open_readonly(app.server.warehouse)
    try:
        artists = len(map_points(con))
    finally:
        con.close()
    assert count == artists  # the whole plot area: every artist on the map is inside
    assert not page.get_by_text("Draw a box or a lasso around artists").is_visible()


def test_charts_take_the_apps_light_or_dark_theme(
    browser: Browser, streamlit_server: StreamlitServer
) -> None:
    seen = {}
    for scheme in ("light", "dark"):
        context = browser.new_context(color_scheme=scheme)
        try:
            page = context.new_page()
            page.goto(f"{streamlit_server.url}/runs")
            devserver.wait_until_rendered(page)
            chart = page.locator(devserver.CHARTS).first.get_by_test_id("soundcheck-chart")
            text = chart.evaluate("el => getComputedStyle(el).color")
            tick = chart.locator(".ytick text").first.evaluate("el => getComputedStyle(el).fill")
            paper = chart.locator(".main-svg").first.evaluate("el => el.style.background")
        finally:
            context.close()
        assert tick == text  # the chart's labels in the app's text colour
        assert paper in {"rgba(0, 0, 0, 0)", "transparent"}  # on the app's own background
        seen[scheme] = text
    assert seen["light"] != seen["dark"]
