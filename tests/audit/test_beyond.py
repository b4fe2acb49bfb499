"""Catalogue and beyond-accuracy metrics on hand-computed cases."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from recsys.audit import _beyond as beyond

ITEMS = pd.Index([1, 2, 3, 4], name="item_id")


def reco(rows: list[tuple[int, int, int]]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["user_id", "item_id", "pos"])


LISTS = reco([(1, 1, 1), (1, 2, 2), (2, 1, 1), (2, 3, 2)])


def test_coverage_counts_distinct_catalogue_items() -> None:
    assert beyond.coverage(LISTS, ITEMS) == 0.75


def test_gini_counts_items_never_recommended() -> None:
    # exposure counts over the catalogue: [2, 1, 1, 0] -> sorted [0, 1, 1, 2]
    # G = sum (2i - n - 1) x_i / (n sum x) = (-3*0 - 1*1 + 1*1 + 3*2) / (4 * 4) = 6/16
    assert beyond.exposure_gini(LISTS, ITEMS) == pytest.approx(6 / 16)
    # over the recommended items only it would be (−2*1 + 0*1 + 2*2)/(3*4) = 1/6: not what we report
    assert beyond.exposure_gini(LISTS, ITEMS) != pytest.approx(1 / 6)


def test_entropy_of_exposure_in_bits() -> None:
    # shares .5, .25, .25 -> 1.5 bits
    assert beyond.exposure_entropy(LISTS, ITEMS) == pytest.approx(1.5)


def test_novelty_is_mean_smoothed_self_information() -> None:
    popularity = pd.Series([0.75, 0.25, 0.0, 0.0], index=ITEMS)  # of 4 listeners
    got = beyond.novelty(LISTS, popularity, n_users=4)
    # item 1: 3 listeners -> -log2(4/5); item 2: 1 -> -log2(2/5); item 3: 0 -> -log2(1/5)
    u1 = (-math.log2(4 / 5) - math.log2(2 / 5)) / 2
    u2 = (-math.log2(4 / 5) - math.log2(1 / 5)) / 2
    assert got.to_dict() == pytest.approx({1: u1, 2: u2})


def test_intra_list_diversity_over_genre_vectors() -> None:
    genres = pd.DataFrame(
        {
            "item_id": [1, 2, 3, 3],
            "genre_id": [10, 10, 10, 20],
            "weight": [1.0, 1.0, 0.5, 0.5],
        }
    )
    lists = reco([(1, 1, 1), (1, 2, 2), (2, 1, 1), (2, 3, 2), (3, 1, 1), (3, 2, 2), (3, 3, 3)])
    got = beyond.intra_list_diversity(lists, genres)
    cos13 = 0.5 / math.sqrt(0.5)  # (1,0) . (.5,.5)/|.|
    # user 1: same genre -> 0; user 2: 1 - cos13; user 3: pairs (1,2)=1, (1,3), (2,3) = cos13
    assert got.to_dict() == pytest.approx({1: 0.0, 2: 1 - cos13, 3: 1 - (1 + 2 * cos13) / 3})
    lone = beyond.intra_list_diversity(reco([(4, 1, 1), (4, 4, 2)]), genres)
    assert np.isnan(lone.loc[4])  # one genre-tagged item: no pair


def test_serendipity_counts_relevant_items_a_popular_list_would_not_show() -> None:
    truth = pd.DataFrame({"user_id": [1, 1, 2], "item_id": [1, 2, 3]})
    expected = pd.DataFrame({"user_id": [1, 2], "item_id": [1, 1]})
    # user 1: items 1 (relevant, expected), 2 (relevant, unexpected) -> 1/2
    # user 2: items 1 (not relevant), 3 (relevant, unexpected) -> 1/2
    assert beyond.serendipity(LISTS, truth, expected).to_dict() == {1: 0.5, 2: 0.5}


def test_personalisation_is_one_minus_mean_pairwise_overlap() -> None:
    # lists {1,2} and {1,3}: overlap 1 of k=2 -> 1 - 0.5
    assert beyond.personalisation(LISTS, k=2) == pytest.approx(0.5)
    same = reco([(1, 1, 1), (1, 2, 2), (2, 1, 1), (2, 2, 2), (3, 1, 1), (3, 2, 2)])
    assert beyond.personalisation(same, k=2) == pytest.approx(0.0)
    disjoint = reco([(1, 1, 1), (2, 2, 1), (3, 3, 1)])
    assert beyond.personalisation(disjoint, k=1) == pytest.approx(1.0)


def test_off_taste_share_is_the_part_of_a_list_outside_the_history_genres() -> None:
    genres = pd.DataFrame(
        {"item_id": [1, 2, 3, 3, 9], "genre_id": [10, 20, 20, 30, 40], "weight": 1.0}
    )
    history = pd.DataFrame({"user_id": [1, 2, 3], "item_id": [2, 1, 4]})
    lists = reco([(1, 1, 1), (1, 3, 2), (1, 4, 3), (2, 1, 1), (2, 2, 2), (3, 1, 1)])
    got = beyond.off_taste_share(lists, history, genres)
    # user 1 knows {20}: item 1 {10} off, item 3 {20,30} on, item 4 untagged -> 1/2
    # user 2 knows {10}: item 1 on, item 2 {20} off -> 1/2; user 3's history is untagged
    assert got.to_dict() == {1: 0.5, 2: 0.5}
