"""Explore › Overview in AppTest: KPIs equal the warehouse's counts, widgets change what shows."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from recsys import warehouse
from recsys.schema import STATS_TABLES
from recsys.ui import data
from recsys.views import overview

APP = Path(__file__).resolve().parents[2] / "app.py"


@pytest.fixture
def app(writable_warehouse: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("SOUNDCHECK_WAREHOUSE", str(writable_warehouse))
    return AppTest.from_file(str(APP), default_timeout=60)


@pytest.fixture(scope="module")
def tiny(tiny_warehouse: Path):
    con = warehouse.open_readonly(tiny_warehouse)
    yield con
    con.close()


def _ok(at: AppTest) -> AppTest:
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    return at


def test_kpis_equal_the_warehouse_counts(app: AppTest, tiny) -> None:
    at = _ok(app.run())
    counts = warehouse.row_counts(tiny, STATS_TABLES)
    shown = {m.label: m.value for m in at.metric}
    assert shown["Users"] == f"{counts['users']:,}"
    assert shown["Artists"] == f"{counts['artists']:,}"
    assert shown["Tracks"] == f"{counts['tracks']:,}"
    assert shown["Plays"] == f"{counts['listens']:,}"
    k = overview.kpis(tiny).iloc[0]
    assert shown["First listen"] == k["first_listen"].strftime("%Y-%m-%d")
    assert shown["Skip rate"] == f"{k['skip_rate']:.1%}"


def test_a_warehouse_swapped_in_by_a_build_is_read_on_the_next_rerun(
    app: AppTest, writable_warehouse: Path
) -> None:
    at = _ok(app.run())
    users = int(at.metric[0].value.replace(",", ""))
    with warehouse.building(writable_warehouse) as con:
        con.execute("INSERT INTO users VALUES (999999, 'new', NULL, NULL, NULL, NULL)")
    at = _ok(at.run())
    assert at.metric[0].value == f"{users + 1:,}"


def test_genre_level_switches_the_genre_table(app: AppTest, tiny) -> None:
    at = _ok(app.run())
    parents = at.dataframe[0].value
    pd.testing.assert_frame_equal(parents, overview.top_genres(tiny, "parent"), check_dtype=False)
    at = _ok(at.segmented_control(key="genre-level").set_value("sub").run())
    subs = at.dataframe[0].value
    pd.testing.assert_frame_equal(subs, overview.top_genres(tiny, "sub"), check_dtype=False)
    assert set(subs["genre"]).isdisjoint(parents["genre"])


def test_long_tail_level_switches_to_artists(app: AppTest, tiny) -> None:
    at = _ok(app.run())
    n_tracks = warehouse.row_counts(tiny, ("tracks",))["tracks"]
    assert any(f"of {n_tracks:,} tracks" in c.value for c in at.caption)
    at = _ok(at.segmented_control(key="tail-level").set_value("artist").run())
    n_artists = warehouse.row_counts(tiny, ("artists",))["artists"]
    assert any(f"of {n_artists:,} artists" in c.value for c in at.caption)


def test_aggregate_only_data_says_it_has_no_timestamps(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "aggregate.duckdb"
    with warehouse.building(path, fresh=True) as con:
        con.execute("INSERT INTO users VALUES (1, 'p1', 'DE', NULL, NULL, NULL)")
        con.execute("INSERT INTO artists VALUES (10, 'A', NULL, NULL, NULL)")
        con.execute("INSERT INTO play_counts (user_id, artist_id, plays) VALUES (1, 10, 7)")
    monkeypatch.setenv("SOUNDCHECK_WAREHOUSE", str(path))
    at = _ok(AppTest.from_file(str(APP), default_timeout=60).run())
    assert {m.label: m.value for m in at.metric}["Plays"] == "7"
    assert any("no timestamps" in i.value.lower() for i in at.info)
    assert at.segmented_control(key="tail-level").options == ["Artist"]


def test_without_a_warehouse_the_button_generates_one(
    tmp_path: Path, tiny_warehouse: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "fresh" / "soundcheck.duckdb"
    monkeypatch.setenv("SOUNDCHECK_WAREHOUSE", str(target))
    steps: list[tuple[str, float]] = []

    def fake_generate_demo(progress=None) -> Path:  # the demo preset takes minutes: copy tiny
        for step, fraction in [("catalogue", 0.0), ("listens", 0.5), ("done", 1.0)]:
            steps.append((step, fraction))
            progress(step, fraction)
        target.parent.mkdir(parents=True)
        shutil.copy2(tiny_warehouse, target)
        return target

    monkeypatch.setattr(data, "generate_demo", fake_generate_demo)
    at = _ok(AppTest.from_file(str(APP), default_timeout=60).run())
    assert not at.metric
    assert str(target) in [c.value for c in at.code]
    (button,) = at.button
    assert button.label == "Generate demo data"
    at = _ok(button.click().run())
    assert [s for s, _ in steps] == ["catalogue", "listens", "done"]
    assert {m.label: m.value for m in at.metric}["Users"] == "200"


def test_an_older_import_gets_its_own_panel_and_says_so(
    app: AppTest, writable_warehouse: Path, tmp_path: Path
) -> None:
    from recsys.io import CsvMapping, import_data

    csv = tmp_path / "old-listener.csv"
    csv.write_text("user,ts,artist,track\nnewbie,2024-01-03 20:00:00,Old Band,Song\n")
    mapping = CsvMapping({"user": "user", "ts": "ts", "artist": "artist", "track": "track"})
    import_data(writable_warehouse, "csv", csv, mapping=mapping, allow_mix=True)
    at = _ok(app.run())
    (note,) = [c.value for c in at.caption if "panel" in c.value]
    assert note.startswith("One panel per source of plays (2)")


def test_the_gini_coefficient_is_defined_one_click_away(app: AppTest) -> None:
    at = _ok(app.run())
    (popover,) = at.get("popover")
    assert popover.proto.popover.label == "What is the Gini coefficient?"
    assert "Lorenz curve" in popover.markdown[0].value


def test_a_page_with_charts_preloads_the_chart_library_and_one_without_does_not(
    app: AppTest,
) -> None:
    at = _ok(app.run())  # Overview draws charts
    (preload,) = at.sidebar.get("bidi_component")
    assert preload.proto.bytes == b'{"preload":true}'
    assert len(at.main.get("bidi_component")) >= 2  # the charts themselves
    at = _ok(at.switch_page("app_pages/data.py").run())  # Data draws none
    assert at.sidebar.get("bidi_component") == []
