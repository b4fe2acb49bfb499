"""Discover › Genre map in AppTest: the KPIs match the stored map, and the colour picker,
the artist search, the listener overlay and the month slider change what the map draws.
(A box or lasso selection cannot be simulated here: its function is tested in
tests/maps/test_selection.py.)"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from recsys import warehouse
from recsys.maps import map_clusters, map_info, map_month_plays, map_points

pytestmark = pytest.mark.slow

APP = Path(__file__).resolve().parents[2] / "app.py"
PAGE = "app_pages/genre_map.py"


@pytest.fixture(scope="module")
def built(built_tiny_warehouse: Path) -> Path:
    """The session's built tiny (read only)."""
    return built_tiny_warehouse


def _open(path: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("SOUNDCHECK_WAREHOUSE", str(path))
    at = AppTest.from_file(str(APP), default_timeout=120).run()
    return _ok(at.switch_page(PAGE).run())


def _ok(at: AppTest) -> AppTest:
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    return at


def _map(at: AppTest) -> dict[str, Any]:
    (chart,) = at.main.get("bidi_component")  # recsys/ui/charts.py: the figure's JSON as bytes
    return json.loads(chart.proto.bytes)["figure"]


def _ids(spec: dict[str, Any]) -> list[int]:
    return [row[0] for t in spec["data"] if t.get("customdata") for row in t["customdata"]]


def test_the_page_shows_the_stored_map(built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _open(built, monkeypatch)
    con = warehouse.open_readonly(built)
    try:
        info, points, clusters = map_info(con), map_points(con), map_clusters(con)
    finally:
        con.close()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Artists on the map"] == f"{info['artists']:,}"
    assert metrics["Clusters"] == str(int((clusters["cluster_id"] >= 0).sum()))
    spec = _map(at)
    assert sorted(_ids(spec)) == sorted(points["artist_id"].tolist())
    assert spec["layout"]["title"]["text"] == "Genre map"
    assert "Draw a box or a lasso" in at.caption[0].value


def test_colour_search_overlay_and_month(built: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = _open(built, monkeypatch)
    # colour by growth: one trace, coloured by numbers on a diverging scale around no change
    at = _ok(at.segmented_control(key="map-colour").set_value("growth").run())
    (trace,) = [t for t in _map(at)["data"] if t.get("customdata")]
    assert (
        trace["marker"]["cmid"] == 0.0 and trace["marker"]["colorbar"]["title"]["text"] == "growth"
    )
    # search: the map zooms to the artist and names it
    search = at.selectbox(key="map-artist")
    artist_id = search.options[0]
    at = _ok(search.select_index(0).run())
    spec = _map(at)
    (note,) = spec["layout"]["annotations"]
    assert note["text"] in artist_id  # the option reads "name (cluster)"
    assert spec["layout"]["xaxis"]["range"][1] - spec["layout"]["xaxis"]["range"][0] == 3.0
    # a listener's overlay, with a link to the user explorer
    at = _ok(at.number_input(key="map-user").set_value(1).run())
    names = [t.get("name") for t in _map(at)["data"]]
    assert "listened" in names and "recommended" in names
    assert any("user-explorer?user=1)" in m.value for m in at.markdown)
    # month by month: the slider appears and the title names the month
    at = _ok(at.toggle(key="map-months").set_value(True).run())
    slider = at.select_slider(key="map-month")
    assert slider.value[:7] == slider.options[-1]  # the latest month first; shown as YYYY-MM
    first = slider.options[0]
    at = _ok(slider.set_value(f"{first}-01").run())
    month = pd.Timestamp(f"{first}-01")
    assert _map(at)["layout"]["title"]["text"] == f"Listening in {month:%B %Y}"


def test_month_by_month_colours_each_artist_by_its_plays_that_month(
    built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _open(built, monkeypatch)
    at = _ok(at.toggle(key="map-months").set_value(True).run())
    slider = at.select_slider(key="map-month")
    first = slider.options[0]
    con = warehouse.open_readonly(built)
    try:
        stored = {m: map_month_plays(con, f"{m}-01") for m in slider.options}
    finally:
        con.close()
    for month in (slider.options[-1], first):
        at = _ok(at.select_slider(key="map-month").set_value(f"{month}-01").run())
        (trace,) = [t for t in _map(at)["data"] if t.get("customdata")]
        shown = {row[0]: row[5] for row in trace["customdata"]}
        want = stored[month]
        # every artist's stored plays that month (none before this was read from the database)
        assert sum(shown.values()) == want[want.index.isin(list(shown))].sum() > 0
        assert all(shown[a] == want.get(a, 0) for a in shown)


def test_without_a_map_the_page_says_how_to_get_one(
    tiny_warehouse: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "w.duckdb"
    shutil.copy2(tiny_warehouse, path)
    at = _open(path, monkeypatch)
    assert "No run has a genre map yet" in at.info[0].value
