"""Temporal and holdout splits: windows, task filters, and no leakage into history."""

from __future__ import annotations

import dataclasses

import numpy as np
import pandas as pd
import pytest

from recsys.errors import DataError
from recsys.model.split import SplitConfig, holdout_split, make_split, temporal_split

T0 = pd.Timestamp("2026-01-01")


def day(d: float) -> pd.Timestamp:
    return T0 + pd.Timedelta(days=d)


def frame(rows: list[tuple[str, str, float]]) -> pd.DataFrame:
    """(user, item, day offset) triples as an events frame."""
    return pd.DataFrame(
        {"user_id": [r[0] for r in rows], "item_id": [r[1] for r in rows],
         "ts": [day(r[2]) for r in rows]}
    )  # fmt: skip


def pairs(df: pd.DataFrame) -> set[tuple[str, str]]:
    return set(zip(df["user_id"], df["item_id"], strict=True))


# Last event on day 99.5 -> end = day 100, test window [72, 100), label window [44, 72).
BASE = [("anchor", "z", 99.5), ("anchor", "z", 1.0)]


def test_windows_are_whole_days_ending_after_the_last_event() -> None:
    split = temporal_split(frame(BASE), SplitConfig())
    assert split.protocol == "temporal"
    assert split.end == day(100)
    assert split.test_start == day(72)
    assert split.label_start == day(44)


def test_boundary_instants_belong_to_the_window_that_starts_there() -> None:
    df = frame([*BASE, ("u", "a", 72.0), ("u", "b", 72.0 - 1e-6), ("u", "c", 44.0), ("u", "d", 1)])
    split = temporal_split(df, SplitConfig(min_history=0))
    assert ("u", "a") in pairs(split.test)
    assert ("u", "a") not in pairs(split.test_features_history)
    assert ("u", "b") in pairs(split.test_features_history)
    assert ("u", "c") in pairs(split.train_labels)
    assert ("u", "c") not in pairs(split.train_features)


def test_leak_window_events_never_reach_the_history_that_features_use() -> None:
    # "u" plays x only in the test window and y only in the label window. A familiarity
    # feature ("has u played this item?") computed from a history part would answer yes
    # for a target if that part leaked window events: it must answer no.
    df = frame([*BASE, ("u", "old", 10), ("u", "y", 50), ("u", "y", 60), ("u", "x", 80)])
    split = temporal_split(df, SplitConfig())

    def familiarity(history: pd.DataFrame, targets: pd.DataFrame) -> pd.Series:
        played = history.groupby(["user_id", "item_id"]).size().rename("plays")
        keyed = targets.set_index(["user_id", "item_id"])
        return played.reindex(keyed.index, fill_value=0)

    assert pairs(split.test) == {("u", "x")}  # y was played before the test window
    assert pairs(split.train_labels) == {("u", "y")}
    assert (familiarity(split.test_features_history, split.test) == 0).all()
    assert (familiarity(split.train_features, split.train_labels) == 0).all()
    assert split.train_features["ts"].max() < split.label_start
    assert split.test_features_history["ts"].max() < split.test_start


def test_every_event_lands_in_exactly_one_part(events: pd.DataFrame) -> None:
    split = temporal_split(events, SplitConfig(test_days=28, label_days=28))
    ts = events["ts"]
    n_label = int(((ts >= split.label_start) & (ts < split.test_start)).sum())
    n_test = int((ts >= split.test_start).sum())
    assert len(split.train_features) + n_label + n_test == len(events)
    assert len(split.test_features_history) == len(split.train_features) + n_label
    assert split.test_features_history["ts"].max() < split.test_start
    assert split.train_features["ts"].max() < split.label_start
    assert list(split.test_features_history.columns) == list(events.columns)


@pytest.mark.parametrize("task", ["discovery", "repeat"])
def test_targets_match_the_task_on_random_data(events: pd.DataFrame, task: str) -> None:
    split = temporal_split(events, SplitConfig(task=task))  # type: ignore[arg-type]
    for history, targets in [
        (split.train_features, split.train_labels),
        (split.test_features_history, split.test),
    ]:
        overlap = pairs(targets) & pairs(history)
        if task == "discovery":
            assert not overlap
        else:
            assert overlap == pairs(targets)
        assert not targets.duplicated(["user_id", "item_id"]).any()
    assert len(split.test) > 0


def test_discovery_and_repeat_targets_by_hand() -> None:
    df = frame(
        [*BASE, ("u", "a", 5), ("u", "b", 6), ("u", "a", 80), ("u", "c", 81), ("u", "c", 90),
         ("u", "d", 50), ("u", "d", 95)]
    )  # fmt: skip
    disc = temporal_split(df, SplitConfig(task="discovery"))
    rep = temporal_split(df, SplitConfig(task="repeat"))
    # c is new in the test window (played twice there); d was first played in the label window.
    assert disc.test[["item_id", "weight"]].values.tolist() == [["c", 2.0]]
    assert disc.test["ts"].tolist() == [day(81)]
    assert pairs(disc.train_labels) == {("u", "d")}
    assert pairs(rep.test) == {("u", "a"), ("u", "d"), ("anchor", "z")}
    assert rep.train_labels.empty


def test_weight_is_summed_and_zero_weight_events_are_history_only() -> None:
    df = frame([*BASE, ("u", "a", 5), ("u", "s", 80), ("u", "p", 81), ("u", "p", 82)])
    df["weight"] = [1.0, 1.0, 1.0, 0.0, 2.0, 3.0]
    split = temporal_split(df, SplitConfig())
    assert split.test[["item_id", "weight"]].values.tolist() == [["p", 5.0]]


def test_min_history_drops_users_without_enough_history() -> None:
    df = frame([*BASE, ("new", "a", 80), ("u", "h1", 3), ("u", "h2", 4), ("u", "a", 80)])
    assert set(temporal_split(df, SplitConfig()).test["user_id"]) == {"u"}
    assert temporal_split(df, SplitConfig(min_history=3)).test.empty
    assert set(temporal_split(df, SplitConfig(min_history=0)).test["user_id"]) == {"new", "u"}


def test_timezone_aware_timestamps(events: pd.DataFrame) -> None:
    naive = temporal_split(events)
    aware = temporal_split(events.assign(ts=events["ts"].dt.tz_localize("UTC")))
    assert aware.test_start == naive.test_start.tz_localize("UTC")
    assert pairs(aware.test) == pairs(naive.test)


def test_bad_input_raises_data_error(events: pd.DataFrame) -> None:
    with pytest.raises(DataError, match="ts"):
        temporal_split(events.drop(columns="ts"))
    bad = events.astype({"user_id": "float64"})
    bad.loc[3, "user_id"] = np.nan
    with pytest.raises(DataError, match="record 3: field user_id"):
        temporal_split(bad)


def test_config_is_frozen_and_validated() -> None:
    cfg = SplitConfig()
    with pytest.raises(dataclasses.FrozenInstanceError):
        cfg.test_days = 7  # type: ignore[misc]
    with pytest.raises(ValueError, match="task"):
        SplitConfig(task="rewatch")  # type: ignore[arg-type]
    with pytest.raises(ValueError):
        SplitConfig(test_days=0)
    assert cfg.to_dict()["test_days"] == 28


def aggregates(rng: np.random.Generator, n_users: int = 30, n_items: int = 80) -> pd.DataFrame:
    df = pd.DataFrame(
        {"user_id": rng.integers(0, n_users, 1_500), "item_id": rng.integers(0, n_items, 1_500)}
    ).drop_duplicates(ignore_index=True)
    df["weight"] = rng.integers(1, 50, len(df)).astype(float)
    return df


def test_holdout_is_seeded_nested_and_disjoint(rng: np.random.Generator) -> None:
    df = aggregates(rng)
    split = holdout_split(df, SplitConfig(seed=3))
    assert split.protocol == "holdout" and split.test_start is None
    assert not pairs(split.test) & pairs(split.test_features_history)
    assert not pairs(split.train_labels) & pairs(split.train_features)
    assert pairs(split.train_features) | pairs(split.train_labels) == pairs(
        split.test_features_history
    )
    assert pairs(split.test) | pairs(split.test_features_history) == pairs(df)
    share = split.test.groupby("user_id").size() / df.groupby("user_id").size()
    assert share.dropna().between(0.1, 0.3).all()
    again = holdout_split(df.sample(frac=1.0, random_state=1), SplitConfig(seed=3))
    pd.testing.assert_frame_equal(again.test, split.test)
    other = holdout_split(df, SplitConfig(seed=4))
    assert pairs(other.test) != pairs(split.test)


def test_holdout_keeps_small_users_in_history_and_refuses_repeat() -> None:
    df = pd.DataFrame({"user_id": ["a", "b", "b"], "item_id": ["x", "x", "y"]})
    split = holdout_split(df)
    assert split.test.empty
    assert len(split.test_features_history) == 3
    with pytest.raises(ValueError, match="repeat"):
        holdout_split(df, SplitConfig(task="repeat"))


def test_make_split_picks_the_protocol_from_the_columns(rng: np.random.Generator) -> None:
    assert make_split(aggregates(rng)).protocol == "holdout"
    assert make_split(frame(BASE)).protocol == "temporal"
    assert set(make_split(frame(BASE)).summary()) >= {"protocol", "test", "test_start"}
