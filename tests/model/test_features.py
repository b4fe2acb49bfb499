"""Re-ranker features: known answers on a hand-built warehouse, the cutoff guard, no leakage."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from recsys import warehouse
from recsys.model.build import load_interactions
from recsys.model.features import (
    FEATURES,
    GROUPS,
    candidate_features,
    compute_features,
    feature_table,
)
from recsys.model.registry import generator_names

CUTOFF = pd.Timestamp("2026-03-01")
"""Features describe this instant: recent = [02-01, 03-01), previous = [01-04, 02-01)."""

# Genres: rock (1) > indie (11), punk (12); pop (2) > synth (21).
GENRES = [(1, "rock", None), (2, "pop", None), (11, "indie", 1), (12, "punk", 1), (21, "synth", 2)]
# Artist 10: indie 3, punk 1 (shares .75/.25); artist 20: synth; artist 30: indie 1, synth 1.
ARTIST_GENRES = [(10, 11, 3.0), (10, 12, 1.0), (20, 21, 2.0), (30, 11, 1.0), (30, 21, 1.0)]
TRACKS = [  # track, artist, release date
    (100, 10, "2025-12-01"),
    (101, 10, "2026-01-01"),
    (200, 20, "2025-06-01"),
    (300, 30, None),
]
USERS = [(1, "DE"), (2, "DE"), (3, "FR")]
LISTENS = [  # user, track, ts, skipped
    (1, 100, "2026-02-20 10:00", False),  # recent
    (1, 100, "2026-01-15 10:00", False),  # previous
    (1, 101, "2026-01-10 10:00", False),  # previous
    (1, 200, "2026-02-25 10:00", True),  # recent, skipped
    (2, 100, "2026-02-28 12:00", False),  # recent
    (2, 200, "2025-12-01 10:00", False),  # older than both windows
    (3, 300, "2026-02-10 10:00", False),  # recent
]
FUTURE = [  # after the cutoff: must change nothing
    (3, 100, "2026-03-01 00:00", False),
    (3, 100, "2026-03-05 10:00", False),
    (2, 300, "2026-03-02 10:00", True),
    (1, 101, "2026-03-20 10:00", False),
]


def make_warehouse(path: Path, listens: list[tuple[int, int, str, bool]]) -> Path:
    with warehouse.building(path, fresh=True) as con:
        con.executemany("INSERT INTO genres VALUES (?, ?, ?)", GENRES)
        for artist in (10, 20, 30):
            con.execute(
                "INSERT INTO artists VALUES (?, ?, NULL, NULL, NULL)", [artist, f"a{artist}"]
            )
        con.executemany("INSERT INTO artist_genres VALUES (?, ?, ?)", ARTIST_GENRES)
        con.executemany(
            "INSERT INTO tracks VALUES (?, ?, ?, NULL, CAST(? AS DATE), 200000)",
            [(t, a, f"t{t}", d) for t, a, d in TRACKS],
        )
        con.executemany(
            "INSERT INTO users VALUES (?, ?, ?, NULL, NULL, NULL)",
            [(u, f"p{u}", c) for u, c in USERS],
        )
        con.executemany(
            "INSERT INTO listens (user_id, track_id, ts, ms_played, skipped, source) "
            "VALUES (?, ?, CAST(? AS TIMESTAMP), 200000, ?, 'test')",
            listens,
        )
    return path


@pytest.fixture(scope="module")
def hand(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_warehouse(tmp_path_factory.mktemp("features") / "hand.duckdb", LISTENS)


def every_pair() -> pd.DataFrame:
    users, items = [u for u, _ in USERS], [t for t, _, _ in TRACKS]
    return pd.DataFrame(
        [(u, i) for u in users for i in items], columns=["user_id", "item_id"]
    ).astype("int32")


def features_at(path: Path, cutoff: pd.Timestamp = CUTOFF) -> pd.DataFrame:
    """Features of every pair, from the warehouse's listens before ``cutoff`` (as a split would)."""
    con = warehouse.open_readonly(path)
    try:
        events = load_interactions(con, "track", events=True)
        history = events[events["ts"] < cutoff].reset_index(drop=True)
        return compute_features(con, history, every_pair(), cutoff, "track")
    finally:
        con.close()


@pytest.fixture(scope="module")
def feats(hand: Path) -> pd.DataFrame:
    return features_at(hand).set_index(["user_id", "item_id"])


def at(feats: pd.DataFrame, user: int, item: int, name: str) -> float:
    value = feats.loc[(user, item), name]
    return math.nan if pd.isna(value) else float(value)  # day counts are nullable Int64


def test_item_popularity_all_time_recent_and_trend(feats: pd.DataFrame) -> None:
    # Track 100: 3 plays; 2 in the last 28 days (02-20, 02-28), 1 in the 28 before (01-15).
    assert at(feats, 3, 100, "item_plays") == pytest.approx(math.log(4))
    assert at(feats, 3, 100, "item_plays_recent") == pytest.approx(math.log(3))
    assert at(feats, 3, 100, "item_trend") == pytest.approx(math.log(3 / 2))
    assert at(feats, 3, 100, "item_listeners") == pytest.approx(math.log(3))
    # Track 101: one play in the previous window only -> falling.
    assert at(feats, 3, 101, "item_plays_recent") == pytest.approx(0.0)
    assert at(feats, 3, 101, "item_trend") == pytest.approx(math.log(1 / 2))
    # Track 200: one recent play, one older than both windows.
    assert at(feats, 3, 200, "item_plays") == pytest.approx(math.log(3))
    assert at(feats, 3, 200, "item_trend") == pytest.approx(math.log(2))
    # Item features do not depend on who the candidate is for.
    for name in ("item_plays", "item_plays_recent", "item_trend"):
        assert at(feats, 1, 100, name) == at(feats, 2, 100, name) == at(feats, 3, 100, name)


def test_artist_popularity_sums_the_artists_tracks(feats: pd.DataFrame) -> None:
    # Artist 10 = tracks 100 (3 plays) + 101 (1 play); recent: two plays of 100.
    assert at(feats, 1, 101, "artist_plays") == pytest.approx(math.log(5))
    assert at(feats, 1, 101, "artist_plays_recent") == pytest.approx(math.log(3))


def test_skip_rates_are_smoothed_shares(feats: pd.DataFrame) -> None:
    # (skips + 1) / (plays + 5): track 200 has 1 skip in 2 plays; user 1 has 1 skip in 4.
    assert at(feats, 3, 200, "item_skip_rate") == pytest.approx(2 / 7)
    assert at(feats, 3, 100, "item_skip_rate") == pytest.approx(1 / 8)
    assert at(feats, 1, 300, "user_skip_rate") == pytest.approx(2 / 9)


def test_user_activity_and_variety(feats: pd.DataFrame) -> None:
    assert at(feats, 1, 300, "user_activity") == pytest.approx(math.log(5))  # 4 plays
    assert at(feats, 1, 300, "user_variety") == pytest.approx(3 / 4)  # 3 tracks in 4 plays
    assert at(feats, 3, 100, "user_activity") == pytest.approx(math.log(2))
    # Mainstreaminess: mean log(1 + plays) of what the user played; user 3 only played 300.
    assert at(feats, 3, 100, "user_mainstreaminess") == pytest.approx(math.log(2))


def test_artist_familiarity_known_and_days_since(feats: pd.DataFrame) -> None:
    # User 1 played artist 10 three times, last on 02-20 10:00: 9 days before the cutoff.
    assert at(feats, 1, 101, "artist_familiarity") == pytest.approx(math.log(4))
    assert at(feats, 1, 101, "artist_known") == 1
    assert at(feats, 1, 101, "artist_days_since") == 9
    # User 2 played artist 20 once, on 2025-12-01: 90 days before.
    assert at(feats, 2, 200, "artist_days_since") == 90
    # User 3 never played artist 10.
    assert at(feats, 3, 100, "artist_familiarity") == 0.0
    assert at(feats, 3, 100, "artist_known") == 0
    assert np.isnan(at(feats, 3, 100, "artist_days_since"))


def test_genre_affinity_is_the_overlap_of_genre_shares(feats: pd.DataFrame) -> None:
    # User 1: 3 plays of artist 10 (indie .75, punk .25) and 1 of artist 20 (synth 1):
    # indie 2.25/4, punk 0.75/4, synth 1/4.
    user = {"indie": 0.5625, "punk": 0.1875, "synth": 0.25}
    # Track 300 (artist 30: indie .5, synth .5).
    assert at(feats, 1, 300, "genre_affinity") == pytest.approx(
        0.5 * user["indie"] + 0.5 * user["synth"]
    )
    # Track 100 (artist 10: indie .75, punk .25).
    assert at(feats, 1, 100, "genre_affinity") == pytest.approx(
        0.75 * user["indie"] + 0.25 * user["punk"]
    )
    assert at(feats, 1, 200, "genre_affinity") == pytest.approx(user["synth"])
    # Parent genres: user 1 is rock .75, pop .25; artist 30 is rock .5, pop .5.
    assert at(feats, 1, 300, "parent_genre_affinity") == pytest.approx(0.5 * 0.75 + 0.5 * 0.25)
    # User 3 only played synth/indie artist 30; artist 10's punk share has no overlap.
    assert at(feats, 3, 100, "genre_affinity") == pytest.approx(0.75 * 0.5)


def test_item_age_in_days_at_the_cutoff(feats: pd.DataFrame) -> None:
    assert at(feats, 1, 100, "item_age_days") == 90  # 2025-12-01 -> 2026-03-01
    assert at(feats, 1, 101, "item_age_days") == 59  # 2026-01-01 -> 2026-03-01
    assert np.isnan(at(feats, 1, 300, "item_age_days"))  # no release date


def test_country_popularity_is_the_share_of_recent_plays_in_the_country(
    feats: pd.DataFrame,
) -> None:
    # DE (users 1 and 2) played 5 times in the 56 days before the cutoff, 3 of them track 100.
    assert at(feats, 1, 100, "country_popularity") == pytest.approx(600.0)
    assert at(feats, 2, 100, "country_popularity") == pytest.approx(600.0)
    assert at(feats, 1, 300, "country_popularity") == 0.0  # never played in DE
    assert at(feats, 3, 300, "country_popularity") == pytest.approx(1000.0)  # all of FR


def test_candidate_columns_are_kept_and_rows_sorted(hand: Path) -> None:
    con = warehouse.open_readonly(hand)
    try:
        events = load_interactions(con, "track", events=True)
        cands = every_pair().sample(frac=1.0, random_state=0).assign(als_score=1.5)
        out = compute_features(con, events[events["ts"] < CUTOFF], cands, CUTOFF, "track")
    finally:
        con.close()
    assert list(out[["user_id", "item_id"]].itertuples(index=False)) == sorted(
        every_pair().itertuples(index=False)
    )
    assert (out["als_score"] == 1.5).all()


def test_history_that_reaches_the_cutoff_is_refused(hand: Path) -> None:
    con = warehouse.open_readonly(hand)
    try:
        events = load_interactions(con, "track", events=True)
        at_cutoff = events[events["ts"] < CUTOFF].copy()
        at_cutoff.loc[0, "ts"] = CUTOFF  # one event exactly at the cutoff is already the future
        with pytest.raises(ValueError, match="history reaches the cutoff"):
            compute_features(con, at_cutoff, every_pair(), CUTOFF, "track")
    finally:
        con.close()


def test_no_leak_events_after_the_cutoff_change_no_feature(hand: Path, tmp_path: Path) -> None:
    # The same catalogue with more listens after the cutoff: the features at the cutoff,
    # from the history before it, must be identical to the last bit.
    later = make_warehouse(tmp_path / "later.duckdb", LISTENS + FUTURE)
    before = features_at(hand)
    after = features_at(later)
    pd.testing.assert_frame_equal(before, after)
    # ...while a later cutoff does see them (the test would notice if nothing changed at all).
    moved = features_at(later, pd.Timestamp("2026-04-01")).set_index(["user_id", "item_id"])
    assert float(moved.loc[(3, 100), "artist_known"]) == 1


def test_aggregate_data_at_artist_grain_has_no_time_features(hand: Path) -> None:
    counts = pd.DataFrame({"user_id": [1, 1, 2], "item_id": [10, 20, 10], "weight": [6.0, 2, 1]})
    cands = pd.DataFrame({"user_id": [1, 2, 2], "item_id": [30, 20, 30]}).astype("int32")
    con = warehouse.open_readonly(hand)
    try:
        out = compute_features(con, counts, cands, None, "artist")
    finally:
        con.close()
    out = out.set_index(["user_id", "item_id"])
    assert at(out, 2, 20, "item_plays") == pytest.approx(math.log(3))
    assert at(out, 2, 20, "item_plays_recent") == 0.0
    assert at(out, 2, 20, "item_trend") == 0.0
    assert at(out, 1, 30, "user_activity") == pytest.approx(math.log(9))
    # User 1: artist 10 x6 (indie .75, punk .25), artist 20 x2 (synth): indie 4.5/8, synth 2/8.
    assert at(out, 1, 30, "genre_affinity") == pytest.approx(0.5 * 4.5 / 8 + 0.5 * 2 / 8)
    assert out["artist_days_since"].isna().all()
    assert out["item_age_days"].isna().all()


def test_every_feature_is_a_column_with_a_group_and_a_description(feats: pd.DataFrame) -> None:
    names = [f.name for f in FEATURES]
    assert len(set(names)) == len(names)
    assert set(names) <= set(feats.columns)
    for f in FEATURES:
        assert f.group in GROUPS, f
        assert f.description.strip(), f
        assert feats[f.name].dtype.kind in "fiub", f  # numeric, so LightGBM can use it
    GENERATORS = generator_names()
    table = feature_table(GENERATORS)
    assert list(table.columns) == ["name", "group", "description"]
    assert len(table) == 2 * len(GENERATORS) + len(FEATURES)
    assert table["name"].is_unique
    assert set(table["group"]) <= set(GROUPS)
    assert [f.name for f in candidate_features(["als"])] == ["als_score", "als_rank"]
