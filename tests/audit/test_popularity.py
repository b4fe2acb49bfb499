"""Popularity metrics on hand-computed cases."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from recsys.audit import _popularity as pop
from recsys.errors import DataError

# Four listeners, five items. Listeners of each item: 1: {1,2,3,4}, 2: {1,2}, 3: {1}, 4/5: none.
HISTORY = pd.DataFrame(
    {
        "user_id": [1, 1, 1, 2, 2, 3, 4],
        "item_id": [1, 2, 3, 1, 2, 1, 1],
        "plays": [5.0, 2.0, 1.0, 4.0, 3.0, 3.0, 2.0],
    }
)
ITEMS = pd.Index([1, 2, 3, 4, 5], name="item_id")


def lists(rows: list[tuple[int, int, int]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["user_id", "item_id", "rank"])


def test_cut_keeps_the_best_place_of_a_repeated_item_and_renumbers() -> None:
    got = pop.cut(lists([(1, 9, 3), (1, 7, 1), (1, 9, 2), (1, 8, 5), (2, 4, 1)]), k=2)
    assert got.to_dict("list") == {"user_id": [1, 1, 2], "item_id": [7, 9, 4], "pos": [1, 2, 1]}
    with pytest.raises(DataError, match="rank"):
        pop.cut(pd.DataFrame({"user_id": [1], "item_id": [2]}), 10)


def test_item_popularity_is_the_share_of_listeners() -> None:
    phi = pop.item_popularity(HISTORY, ITEMS)
    assert phi.tolist() == [1.0, 0.5, 0.25, 0.0, 0.0]


def test_long_tail_is_outside_the_head_taking_80_percent_of_plays() -> None:
    plays = pd.Series([50.0, 30.0, 10.0, 10.0, 0.0], index=ITEMS)
    # cumulative share before each item: 0, .5, .8, .9 -> the head is items 1 and 2 (80%)
    assert pop.long_tail(plays).tolist() == [False, False, True, True, True]
    plays = pd.Series([10.0, 50.0, 30.0, 10.0, 0.0], index=ITEMS)  # order does not matter
    assert pop.long_tail(plays).tolist() == [True, False, False, True, True]


def test_artist_tiers_split_by_20_percent_of_plays_from_each_end() -> None:
    plays = pd.Series([40.0, 30.0, 15.0, 10.0, 5.0, 0.0], index=[1, 2, 3, 4, 5, 6])
    # from the top: 1 starts at 0 (<.2) -> head; 2 starts at .4 -> not head
    # from the bottom: 6 (0), 5 (0), 4 (.05), 3 (.15) start under .2 -> tail; 2 starts at .3
    assert pop.artist_tiers(plays).tolist() == ["head", "mid", "tail", "tail", "tail", "tail"]


def test_arp_aplt_aclt_per_user() -> None:
    phi = pop.item_popularity(HISTORY, ITEMS)
    tail = pd.Series([False, False, True, True, True], index=ITEMS)
    reco = pop.cut(lists([(1, 1, 1), (1, 4, 2), (2, 3, 1), (2, 5, 2)]), 10)
    assert pop.arp(reco, phi).to_dict() == {1: 0.5, 2: 0.125}
    assert pop.aplt(reco, tail).to_dict() == {1: 0.5, 2: 1.0}
    assert pop.aclt(reco, tail).to_dict() == {1: 1.0, 2: 2.0}


def test_delta_gap_against_profile_popularity() -> None:
    phi = pop.item_popularity(HISTORY, ITEMS)
    profile = pop.profile_popularity(HISTORY, phi)
    # user 1: (1 + .5 + .25)/3; user 2: (1 + .5)/2; users 3, 4: 1
    assert profile.to_dict() == pytest.approx({1: 1.75 / 3, 2: 0.75, 3: 1.0, 4: 1.0})
    reco = pd.Series({1: 0.5, 2: 0.25})
    gap_p = (1.75 / 3 + 0.75) / 2
    assert pop.delta_gap(reco, profile) == pytest.approx((0.375 - gap_p) / gap_p)


def test_pop_rsp_is_zero_at_parity_and_grows_with_disparity() -> None:
    group = pd.Series(["head", "head", "tail", "tail", "tail"], index=ITEMS)
    hist = pd.DataFrame({"user_id": [1, 2], "item_id": [1, 1]})
    # head: 2 users x 2 items - 2 already played = 2 slots; tail: 2 x 3 = 6 slots
    equal = pop.cut(lists([(1, 2, 1), (2, 3, 1), (2, 4, 2), (1, 5, 2)]), 10)
    rates = np.array([1 / 2, 3 / 6])
    assert pop.pop_rsp(equal, hist, group) == pytest.approx(rates.std() / rates.mean())
    assert pop.pop_rsp(equal, hist, group) == pytest.approx(0.0)
    skewed = pop.cut(lists([(1, 2, 1), (2, 2, 1), (2, 3, 2)]), 10)
    rates = np.array([2 / 2, 1 / 6])
    assert pop.pop_rsp(skewed, hist, group) == pytest.approx(rates.std() / rates.mean())


def test_pop_reo_compares_recall_of_relevant_head_and_tail_items() -> None:
    group = pd.Series(["head", "head", "tail", "tail", "tail"], index=ITEMS)
    truth = pd.DataFrame({"user_id": [1, 1, 2, 2], "item_id": [1, 3, 2, 4]})
    reco = pop.cut(lists([(1, 1, 1), (1, 5, 2), (2, 2, 1), (2, 3, 2)]), 10)
    # head: 2 relevant, 2 found -> 1.0; tail: 2 relevant, 0 found -> 0.0
    rates = np.array([1.0, 0.0])
    assert pop.pop_reo(reco, truth, group) == pytest.approx(rates.std() / rates.mean())
    assert math.isnan(pop.pop_reo(reco.iloc[:0], truth, group))
