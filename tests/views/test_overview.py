"""Overview figures: known answers on hand-built warehouses, both grains, and the tiny preset."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from recsys import warehouse
from recsys.schema import STATS_TABLES
from recsys.views import overview

# Hand-built event data. Plays per track: 100 -> 4, 101 -> 1, 200 -> 1, 300 -> 0;
# per artist: 10 -> 5, 20 -> 1, 30 -> 0. Artist 10 is tagged 3:1 indie rock (under rock) and
# synth-pop (under pop); artist 20 is tagged with the parent genre pop itself.
_CATALOGUE = """
INSERT INTO users VALUES (1, 'p1', 'DE', '25-34', 'f', NULL), (2, 'p2', 'DE', NULL, NULL, NULL),
    (3, 'p3', 'FR', NULL, NULL, NULL), (4, 'p4', NULL, NULL, NULL, NULL);
INSERT INTO artists VALUES (10, 'A', 'DE', 'female', 2001), (20, 'B', NULL, NULL, NULL),
    (30, 'C', NULL, 'male', NULL);
INSERT INTO tracks VALUES (100, 10, 't100', NULL, NULL, 180000),
    (101, 10, 't101', NULL, NULL, NULL), (200, 20, 't200', NULL, NULL, NULL),
    (300, 30, 't300', NULL, NULL, NULL);
INSERT INTO genres VALUES (1, 'rock', NULL), (2, 'indie rock', 1), (3, 'pop', NULL),
    (4, 'synth-pop', 3);
INSERT INTO artist_genres VALUES (10, 2, 3.0), (10, 4, 1.0), (20, 3, 0.5), (30, 1, 1.0);
"""
_LISTENS = """
INSERT INTO listens (user_id, track_id, ts, ms_played, skipped, source) VALUES
    (1, 100, TIMESTAMP '2025-01-06 00:00', 180000, false, 'test'),
    (1, 100, TIMESTAMP '2025-01-07 08:00', 180000, false, 'test'),
    (1, 100, TIMESTAMP '2025-01-12 23:59', 180000, false, 'test'),
    (2, 100, TIMESTAMP '2025-01-13 00:00', 180000, false, 'test'),
    (2, 200, TIMESTAMP '2025-01-14 10:00', 180000, true, 'test'),
    (3, 101, TIMESTAMP '2025-01-19 12:00', 180000, NULL, 'test');
"""
# The same plays as aggregates only (artist grain): user 1 -> 3 plays of artist 10, ...
_PLAY_COUNTS = (
    "INSERT INTO play_counts (user_id, artist_id, plays) "
    "VALUES (1, 10, 3), (2, 10, 1), (2, 20, 1), (3, 10, 1);"
)


def _build(path: Path, *statements: str) -> Path:
    with warehouse.building(path, fresh=True) as con:
        for statement in statements:
            con.execute(statement)
    return path


@pytest.fixture
def events(tmp_path: Path):
    path = _build(tmp_path / "events.duckdb", _CATALOGUE, _LISTENS)
    con = warehouse.open_readonly(path)
    yield con
    con.close()


@pytest.fixture
def aggregates(tmp_path: Path):
    path = _build(tmp_path / "aggregates.duckdb", _CATALOGUE, _PLAY_COUNTS)
    con = warehouse.open_readonly(path)
    yield con
    con.close()


# --- gini and lorenz: known answers ---------------------------------------------------------


def test_gini_of_equal_counts_is_zero() -> None:
    assert overview.gini([1, 1, 1, 1]) == pytest.approx(0.0)


def test_gini_of_one_item_with_all_plays_is_one_minus_one_over_n() -> None:
    # The plain (population) formula, without the n / (n - 1) small-sample correction.
    assert overview.gini([0, 0, 0, 10]) == pytest.approx(0.75)
    assert overview.gini([10, 0, 0, 0]) == pytest.approx(0.75)  # order does not matter


def test_gini_equals_mean_absolute_difference_form(rng: np.random.Generator) -> None:
    x = rng.poisson(3.0, size=50).astype(float)
    mad = np.abs(x[:, None] - x[None, :]).sum() / (2 * len(x) ** 2 * x.mean())
    assert overview.gini(x) == pytest.approx(mad)


def test_gini_is_one_minus_twice_the_area_under_the_lorenz_curve(
    rng: np.random.Generator,
) -> None:
    x = rng.zipf(2.0, size=200)
    curve = overview.lorenz(x, max_points=10_000)  # no thinning: every point kept
    assert len(curve) == len(x) + 1
    area = np.trapezoid(curve["play_share"], curve["item_share"])
    assert overview.gini(x) == pytest.approx(1 - 2 * area)


def test_gini_undefined_without_plays_and_refuses_negative_counts() -> None:
    assert math.isnan(overview.gini([]))
    assert math.isnan(overview.gini([0, 0]))
    with pytest.raises(ValueError, match="non-negative"):
        overview.gini([1, -1])


def test_lorenz_runs_from_origin_to_one_one_below_the_diagonal() -> None:
    curve = overview.lorenz([0, 0, 0, 10])
    expected = pd.DataFrame(
        {"item_share": [0.0, 0.25, 0.5, 0.75, 1.0], "play_share": [0.0, 0.0, 0.0, 0.0, 1.0]}
    )
    pd.testing.assert_frame_equal(curve, expected)


def test_lorenz_thins_long_catalogues_but_keeps_both_ends(rng: np.random.Generator) -> None:
    curve = overview.lorenz(rng.zipf(1.5, size=100_000), max_points=101)
    assert len(curve) <= 101
    assert curve.iloc[0].tolist() == [0.0, 0.0]
    assert curve.iloc[-1].tolist() == pytest.approx([1.0, 1.0])
    assert curve["play_share"].is_monotonic_increasing
    assert (curve["play_share"] <= curve["item_share"] + 1e-12).all()


def test_lorenz_of_no_plays_is_empty() -> None:
    assert overview.lorenz([]).empty
    assert overview.lorenz([0, 0, 0]).empty


# --- event data ------------------------------------------------------------------------------


def test_kpis_of_event_data(events) -> None:
    k = overview.kpis(events).iloc[0]
    assert (k["users"], k["artists"], k["tracks"], k["plays"]) == (4, 3, 4, 6)
    assert bool(k["has_timestamps"])
    assert k["first_listen"] == pd.Timestamp("2025-01-06")
    assert k["last_listen"] == pd.Timestamp("2025-01-19 12:00")
    assert k["listening_hours"] == pytest.approx(6 * 3 / 60)
    assert k["skip_rate"] == pytest.approx(1 / 5)  # the play with unknown skip is left out


def test_listens_per_week_starts_weeks_on_monday(events) -> None:
    weekly = overview.listens_per_week(events)
    assert weekly["week"].tolist() == [pd.Timestamp("2025-01-06"), pd.Timestamp("2025-01-13")]
    assert weekly["plays"].tolist() == [3, 3]
    assert weekly["listeners"].tolist() == [1, 2]
    assert weekly["hours"].tolist() == pytest.approx([0.15, 0.15])
    # The log starts on Monday 00:00 but ends on Sunday noon: only the second week is partial.
    assert weekly["partial"].tolist() == [False, True]


def test_popularity_counts_unplayed_items_as_zero(events) -> None:
    tracks = overview.popularity(events, "track")
    assert dict(zip(tracks["item_id"], tracks["plays"], strict=True)) == {
        100: 4,
        101: 1,
        200: 1,
        300: 0,
    }
    artists = overview.popularity(events, "artist")
    assert dict(zip(artists["item_id"], artists["plays"], strict=True)) == {10: 5, 20: 1, 30: 0}


def test_long_tail_of_tracks(events) -> None:
    tail = overview.long_tail(events, "track")
    assert tail.gini == pytest.approx(0.5)  # sorted [0, 1, 1, 4]: (0 - 1 + 1 + 12) / (4 * 6)
    assert (tail.items, tail.played_items) == (4, 3)
    assert tail.top10_share == pytest.approx(4 / 6)  # the top item (ceil of 10% of 4)
    assert overview.long_tail(events, "artist").gini == pytest.approx(10 / 18)


def _tail_in_pandas(con, level: str, max_points: int = 1001) -> overview.LongTail:
    """The long tail as the page computed it before the database did: every item's plays
    loaded, then sorted and summed in numpy."""
    plays = overview.popularity(con, level)["plays"].to_numpy()
    curve = overview.lorenz(plays, max_points=max_points)
    top10 = float("nan")
    if len(curve):
        n_head = int(np.ceil(0.1 * plays.size))
        top10 = float(np.sort(plays)[::-1][:n_head].sum() / plays.sum())
    return overview.LongTail(
        curve=curve,
        gini=overview.gini(plays),
        items=int(plays.size),
        played_items=int(np.count_nonzero(plays)),
        top10_share=top10,
    )


def _assert_same_tail(got: overview.LongTail, want: overview.LongTail) -> None:
    pd.testing.assert_frame_equal(got.curve, want.curve, check_exact=False, rtol=1e-12)
    assert (got.items, got.played_items) == (want.items, want.played_items)
    for a, b in ((got.gini, want.gini), (got.top10_share, want.top10_share)):
        assert (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b, rel=1e-12)


def test_long_tail_in_the_database_equals_the_figures_from_every_items_plays(events) -> None:
    for level in ("track", "artist"):
        for max_points in (2, 3, 1001):
            _assert_same_tail(
                overview.long_tail(events, level, max_points=max_points),
                _tail_in_pandas(events, level, max_points),
            )
    tail = overview.long_tail(events, "track")
    assert tail.curve["play_share"].tolist() == pytest.approx([0, 0, 1 / 6, 2 / 6, 1])


def test_long_tail_of_a_catalogue_nobody_played(tmp_path: Path) -> None:
    path = _build(tmp_path / "silent.duckdb", _CATALOGUE)
    con = warehouse.open_readonly(path)
    try:
        for level in ("track", "artist"):
            tail = overview.long_tail(con, level)
            assert tail.curve.empty and list(tail.curve.columns) == ["item_share", "play_share"]
            assert math.isnan(tail.gini) and math.isnan(tail.top10_share)
            _assert_same_tail(tail, _tail_in_pandas(con, level))
        assert (overview.long_tail(con, "artist").items, tail.played_items) == (3, 0)
    finally:
        con.close()


def test_long_tail_refuses_an_unknown_level_or_too_few_points(events) -> None:
    with pytest.raises(ValueError, match="level"):
        overview.long_tail(events, "album")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="max_points"):
        overview.long_tail(events, "track", max_points=1)


def test_top_genres_split_plays_by_weight(events) -> None:
    parents = overview.top_genres(events, "parent")
    assert parents["genre"].tolist() == ["rock", "pop"]
    assert parents["plays"].tolist() == pytest.approx([3.75, 2.25])
    assert parents["share"].tolist() == pytest.approx([0.625, 0.375])
    assert parents["artists"].tolist() == [1, 2]
    subs = overview.top_genres(events, "sub")
    assert subs["genre"].tolist() == ["indie rock", "synth-pop", "pop"]
    assert subs["plays"].tolist() == pytest.approx([3.75, 1.25, 1.0])
    assert overview.top_genres(events, "sub", limit=1)["genre"].tolist() == ["indie rock"]


def test_top_genres_refuses_an_unknown_level(events) -> None:
    with pytest.raises(ValueError, match="level"):
        overview.top_genres(events, "leaf")  # type: ignore[arg-type]


def test_listeners_by_country_suppresses_small_groups(events) -> None:
    all_groups = overview.listeners_by_country(events, min_users=1)
    assert all_groups.to_dict("list") == {
        "country": ["DE", "FR"],
        "listeners": [2, 1],
        "plays": [5, 1],
    }
    # With k = 2, FR (one listener) folds into 'other', which is still below k: left out.
    assert overview.listeners_by_country(events, min_users=2)["country"].tolist() == ["DE"]
    # With k = 3, DE and FR both fold into 'other', which reaches k.
    folded = overview.listeners_by_country(events, min_users=3)
    assert folded.to_dict("list") == {"country": ["other"], "listeners": [3], "plays": [6]}
    assert overview.listeners_by_country(events, min_users=4).empty


# --- aggregate-only data ---------------------------------------------------------------------


def test_kpis_of_aggregate_data_use_play_counts(aggregates) -> None:
    k = overview.kpis(aggregates).iloc[0]
    assert (k["users"], k["artists"], k["tracks"], k["plays"]) == (4, 3, 4, 6)
    assert not bool(k["has_timestamps"])
    assert pd.isna(k["first_listen"]) and pd.isna(k["listening_hours"])
    assert pd.isna(k["skip_rate"])


def test_aggregate_data_has_no_time_series_and_no_track_tail(aggregates) -> None:
    assert overview.listens_per_week(aggregates).empty
    assert overview.popularity(aggregates, "track").empty
    assert math.isnan(overview.long_tail(aggregates, "track").gini)


def test_aggregate_data_gives_the_same_artist_figures_as_events(events, aggregates) -> None:
    for level in ("parent", "sub"):
        pd.testing.assert_frame_equal(
            overview.top_genres(aggregates, level), overview.top_genres(events, level)
        )
    assert overview.long_tail(aggregates, "artist").gini == pytest.approx(10 / 18)
    _assert_same_tail(overview.long_tail(aggregates, "artist"), _tail_in_pandas(events, "artist"))
    _assert_same_tail(overview.long_tail(aggregates, "track"), _tail_in_pandas(aggregates, "track"))
    pd.testing.assert_frame_equal(
        overview.listeners_by_country(aggregates, min_users=1),
        overview.listeners_by_country(events, min_users=1),
    )


# --- the tiny preset -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def tiny(tiny_warehouse: Path):
    con = warehouse.open_readonly(tiny_warehouse)
    yield con
    con.close()


def test_weekly_figures_equal_those_of_every_play_grouped_in_pandas(tiny, events) -> None:
    for con in (tiny, events):
        raw = con.execute("SELECT source, ts, user_id, ms_played, skipped FROM listens").df()
        raw["week"] = raw["ts"].dt.to_period("W-SUN").dt.start_time
        raw["skip"] = raw["skipped"].astype("Float64")
        want = raw.groupby(["source", "week"]).agg(
            plays=("user_id", "size"),
            listeners=("user_id", "nunique"),
            hours=("ms_played", "sum"),
            skip_rate=("skip", "mean"),
        )
        got = overview.listens_per_week(con).set_index(["source", "week"])
        got = got[got["plays"] > 0]
        assert list(got.index) == list(want.index)
        assert got["plays"].tolist() == want["plays"].tolist()
        assert got["listeners"].tolist() == want["listeners"].tolist()
        assert got["hours"].tolist() == pytest.approx((want["hours"] / 3_600_000).tolist())
        assert got["skip_rate"].tolist() == pytest.approx(want["skip_rate"].astype(float).tolist())


def test_tiny_preset_figures_add_up(tiny) -> None:
    counts = warehouse.row_counts(tiny, STATS_TABLES)
    k = overview.kpis(tiny).iloc[0]
    assert (k["users"], k["artists"], k["tracks"], k["plays"]) == (
        counts["users"],
        counts["artists"],
        counts["tracks"],
        counts["listens"],
    )
    assert overview.listens_per_week(tiny)["plays"].sum() == counts["listens"]
    for level in ("track", "artist"):
        assert overview.popularity(tiny, level)["plays"].sum() == counts["listens"]
        assert 0.3 < overview.long_tail(tiny, level).gini < 1.0  # Zipf-like popularity
        for max_points in (101, 1001, 100_000):  # thinned, and every item a point
            _assert_same_tail(
                overview.long_tail(tiny, level, max_points=max_points),
                _tail_in_pandas(tiny, level, max_points),
            )
    parents = overview.top_genres(tiny, "parent", limit=100)
    top_level = {
        row[0]
        for row in tiny.execute("SELECT genre_id FROM genres WHERE parent_id IS NULL").fetchall()
    }
    assert set(parents["genre_id"]) <= top_level
    assert len(parents) < len(overview.top_genres(tiny, "sub", limit=100))
    assert parents["share"].sum() == pytest.approx(1.0)
    countries = overview.listeners_by_country(tiny)
    assert (countries["listeners"] >= overview.MIN_GROUP_SIZE).all()


# --- an older import beside the demo data ----------------------------------------------------

_OLD_CSV_COLUMNS = {"user": "user", "ts": "ts", "artist": "artist", "track": "track"}


def _older_csv(path: Path) -> Path:
    """One listener in early 2024 (20 months before the tiny preset starts on 2025-11-01).

    Plays every day from Wednesday 2024-01-03 to Sunday 2024-01-14, nothing in the three weeks
    from 2024-01-15, then every day from Monday 2024-02-05 to Wednesday 2024-02-07.
    """
    days = [*pd.date_range("2024-01-03", "2024-01-14"), *pd.date_range("2024-02-05", "2024-02-07")]
    lines = ["user,ts,artist,track"]
    lines += [f"newbie,{d:%Y-%m-%d} 20:00:00,Old Band,Song {d.day}" for d in days]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def with_older_import(writable_warehouse: Path, tmp_path: Path):
    from recsys.io import CsvMapping, import_data

    csv = _older_csv(tmp_path / "old-listener.csv")
    import_data(
        writable_warehouse, "csv", csv, mapping=CsvMapping(_OLD_CSV_COLUMNS), allow_mix=True
    )
    con = warehouse.open_readonly(writable_warehouse)
    yield con
    con.close()


def test_listens_per_week_keeps_each_source_on_its_own_span(with_older_import) -> None:
    weekly = overview.listens_per_week(with_older_import)
    assert list(weekly["source"].unique()) == ["csv", "synthetic:tiny"]  # oldest first
    old = weekly[weekly["source"] == "csv"]
    assert set(old["dataset"]) == {"old-listener"}
    # Every week of the older span is a row; the three weeks without plays are zero, not gone.
    assert old["week"].tolist() == list(pd.date_range("2024-01-01", "2024-02-05", freq="7D"))
    assert old["plays"].tolist() == [5, 7, 0, 0, 0, 3]
    assert old["partial"].tolist() == [True, False, False, False, False, True]
    # Nothing is made up for the 20 months between the two sources.
    demo = weekly[weekly["source"] == "synthetic:tiny"]
    assert demo["week"].min() == pd.Timestamp("2025-10-27")
    gap = (weekly["week"] > pd.Timestamp("2024-02-05")) & (weekly["week"] < demo["week"].min())
    assert not gap.any()
    # The demo's first week (it starts on Saturday 2025-11-01) is still partial.
    assert demo["partial"].iloc[0] and not demo["partial"].iloc[1]
    assert demo["partial"].iloc[-1]
    total = with_older_import.execute("SELECT count(*) FROM listens").fetchone()[0]
    assert weekly["plays"].sum() == total
