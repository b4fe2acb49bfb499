"""Generators against cases with a known answer: checkerboard blocks and hand-computed scores."""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd
import pytest

from recsys.model.candidates import (
    ALS,
    EASE,
    GeneratorSkippedError,
    ItemKNN,
    MostPopular,
    build_interactions,
)

T0 = pd.Timestamp("2026-01-01")


def block_of(ids: pd.Series, n_per_block: int = 10) -> pd.Series:
    return ids // n_per_block


@pytest.mark.parametrize(
    "gen",
    [ItemKNN(n_neighbours=5), EASE(regularization=1.0), ALS(factors=4, iterations=20, seed=1)],
    ids=["item_knn", "ease", "als"],
)
def test_checkerboard_recommends_within_the_block(checkerboard: pd.DataFrame, gen) -> None:
    reco = gen.fit(checkerboard).recommend(range(20), 2)
    assert len(reco) == 40
    assert (block_of(reco["user_id"]) == block_of(reco["item_id"])).all()
    # Each user misses exactly two items of their own block: those are the answer.
    missing = {(u, (u % 10 + j) % 10 + 10 * (u // 10)) for u in range(20) for j in range(2)}
    assert set(zip(reco["user_id"], reco["item_id"], strict=True)) == missing


def test_item_knn_proposes_nothing_across_blocks(checkerboard: pd.DataFrame) -> None:
    reco = ItemKNN(n_neighbours=50).fit(checkerboard).recommend(range(20), 20)
    assert (block_of(reco["user_id"]) == block_of(reco["item_id"])).all()
    assert reco.groupby("user_id").size().eq(2).all()


def test_ease_weights_vanish_across_blocks(checkerboard: pd.DataFrame) -> None:
    ease = EASE(regularization=1.0).fit(checkerboard)
    assert np.abs(ease.weights_[:10, 10:]).max() == 0.0


def test_item_knn_cosine_by_hand() -> None:
    # u1 {a, b}, u2 {a, b, c}, u3 {c}: sim(a,b) = 2/sqrt(2*2) = 1, sim(a,c) = sim(b,c) = 1/2.
    df = pd.DataFrame({"user_id": ["u1", "u1", "u2", "u2", "u2", "u3"], "item_id": list("ababcc")})
    knn = ItemKNN(n_neighbours=5).fit(df)
    expected = np.array([[0, 1, 0.5], [1, 0, 0.5], [0.5, 0.5, 0]], dtype=np.float32)
    np.testing.assert_allclose(knn.similarity_.toarray(), expected, rtol=1e-6)
    reco = knn.recommend(["u1", "u3"], 5)
    # u1's score for c = sim(a,c) + sim(b,c) = 1; u3's for a and b = 1/2 each.
    expected_reco = pd.DataFrame(
        {"user_id": ["u1", "u3", "u3"], "item_id": ["c", "a", "b"], "score": [1.0, 0.5, 0.5],
         "rank": [1, 1, 2]}
    )  # fmt: skip
    pd.testing.assert_frame_equal(reco, expected_reco, check_dtype=False, rtol=1e-6)


def test_item_knn_keeps_only_the_top_neighbours(events: pd.DataFrame) -> None:
    knn = ItemKNN(n_neighbours=3).fit(events)
    per_row = np.diff(knn.similarity_.indptr)
    assert per_row.max() <= 3
    assert (knn.similarity_.diagonal() == 0).all()


def test_ease_matches_the_closed_form_in_float64(events: pd.DataFrame) -> None:
    data = build_interactions(events)
    x = data.binary().toarray().astype(np.float64)
    lam = 30.0
    p = np.linalg.inv(x.T @ x + lam * np.eye(x.shape[1]))
    b = -p / np.diag(p)
    np.fill_diagonal(b, 0.0)
    ease = EASE(regularization=lam).fit(events)
    np.testing.assert_allclose(ease.weights_, b, atol=2e-5)


def test_ease_skips_with_a_logged_reason(
    events: pd.DataFrame, caplog: pytest.LogCaptureFixture
) -> None:
    ease = EASE(max_items=50)
    with caplog.at_level(logging.WARNING), pytest.raises(GeneratorSkippedError) as info:
        ease.fit(events)
    assert info.value.generator == "ease"
    assert "max_items=50" in info.value.reason
    assert "ease skipped" in caplog.text
    assert ease.data_ is None


def test_ease_top_items_fits_on_the_most_popular_only(events: pd.DataFrame) -> None:
    ease = EASE(regularization=10.0, max_items=50, top_items=20).fit(events)
    popular = events.groupby("item_id")["user_id"].nunique().sort_values(ascending=False)
    reco = ease.recommend(range(40), 10)
    assert set(reco["item_id"]) <= set(popular.index[:20])


def test_most_popular_counts_recent_users_by_hand() -> None:
    rows = [
        # "old" was played by 4 users long ago; "new" by 2 users recently, one of them 3 times.
        *[(u, "old", 1) for u in range(4)],
        (0, "new", 95), (0, "new", 96), (0, "new", 97), (1, "new", 98),
        (2, "mid", 99),
    ]  # fmt: skip
    df = pd.DataFrame(rows, columns=["user_id", "item_id", "day"])
    df["ts"] = T0 + pd.to_timedelta(df.pop("day"), unit="D")
    users = MostPopular(window_days=28).fit(df).recommend([9], 3)
    assert users[["item_id", "score"]].values.tolist() == [["new", 2.0], ["mid", 1.0], ["old", 0.0]]
    by_events = MostPopular(window_days=28, count="events").fit(df).recommend([9], 1)
    assert by_events["score"].tolist() == [4.0]
    all_time = MostPopular(window_days=None).fit(df).recommend([9], 1)
    assert all_time[["item_id", "score"]].values.tolist() == [["old", 4.0]]
    no_ts = MostPopular(window_days=28).fit(df.drop(columns="ts")).recommend([9], 1)
    assert no_ts["item_id"].tolist() == ["old"]


def test_most_popular_exclude_seen_fills_from_further_down(events: pd.DataFrame) -> None:
    pop = MostPopular(window_days=None).fit(events)
    order = pop.recommend([12345], 120)["item_id"].tolist()
    seen = set(events.loc[events["user_id"] == 0, "item_id"])
    expected = [i for i in order if i not in seen][:10]
    assert pop.recommend([0], 10)["item_id"].tolist() == expected


def test_most_popular_only_seen_keeps_the_global_order(events: pd.DataFrame) -> None:
    pop = MostPopular(window_days=None).fit(events)
    order = pop.recommend([12345], 120)["item_id"].tolist()
    seen = set(events.loc[events["user_id"] == 0, "item_id"])
    expected = [i for i in order if i in seen][:10]
    assert pop.recommend([0], 10, only_seen=True)["item_id"].tolist() == expected
    assert pop.recommend([12345], 10, only_seen=True).empty


def test_als_matches_implicit_recommend(events: pd.DataFrame) -> None:
    als = ALS(factors=8, iterations=5, seed=2).fit(events)
    data = als.data_
    codes = np.arange(10)
    ids, _ = als.model_.recommend(codes, data.matrix[codes], N=5)
    ours = als.recommend(data.users[codes], 5)
    expected = data.items.to_numpy()[ids].ravel().tolist()
    assert ours["item_id"].tolist() == expected


def test_als_weightings_differ(events: pd.DataFrame) -> None:
    bm25 = ALS(factors=8, iterations=3, seed=2).fit(events)
    conf = ALS(factors=8, iterations=3, seed=2, weighting="confidence").fit(events)
    assert not np.allclose(bm25.item_factors_, conf.item_factors_)
    c = conf.confidence(conf.data_)
    assert c.data.min() >= 1.0 and c.dtype == np.float32


def test_weights_are_summed_for_aggregates() -> None:
    df = pd.DataFrame({"user_id": [1, 1, 2], "item_id": [5, 5, 5], "weight": [2.0, 3.0, 0.0]})
    data = build_interactions(df)
    assert data.matrix.toarray().tolist() == [[5.0], [0.0]]
    assert data.seen.toarray().tolist() == [[1.0], [1.0]]
