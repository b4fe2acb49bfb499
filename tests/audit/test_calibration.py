"""Genre mixes and Steck's miscalibration on hand-computed cases."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from recsys.audit._calibration import genre_mix, miscalibration

GENRES = pd.DataFrame(
    {"item_id": [1, 2, 3, 3], "genre_id": [10, 20, 10, 20], "weight": [1.0, 1.0, 0.5, 0.5]}
)


def test_genre_mix_weighs_items_by_plays() -> None:
    pairs = pd.DataFrame({"user_id": [1, 1, 1], "item_id": [1, 2, 4], "plays": [3.0, 1.0, 9.0]})
    mix = genre_mix(pairs, GENRES, weight="plays")  # item 4 has no genre: left out
    assert mix.to_dict("list") == {"user_id": [1, 1], "genre_id": [10, 20], "share": [0.75, 0.25]}
    even = genre_mix(pairs, GENRES)
    assert even["share"].tolist() == [0.5, 0.5]


def test_miscalibration_is_the_smoothed_kl_divergence() -> None:
    p = pd.DataFrame({"user_id": [1, 1, 2], "genre_id": [10, 20, 10], "share": [0.75, 0.25, 1.0]})
    q = pd.DataFrame({"user_id": [1, 2, 2], "genre_id": [10, 10, 20], "share": [1.0, 0.5, 0.5]})
    got = miscalibration(p, q, alpha=0.01)
    # user 1: q~ = (.99*1 + .01*.75, .99*0 + .01*.25)
    u1 = 0.75 * math.log(0.75 / (0.99 + 0.0075)) + 0.25 * math.log(0.25 / 0.0025)
    # user 2: p = (1, 0): only genre 10 counts; q~ = .99*.5 + .01*1
    u2 = 1.0 * math.log(1.0 / (0.495 + 0.01))
    assert got.to_dict() == pytest.approx({1: u1, 2: u2})
    assert miscalibration(p, p).to_dict() == pytest.approx({1: 0.0, 2: 0.0})
