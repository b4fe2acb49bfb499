"""The union of generators' proposals: the re-ranker's input frame."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from recsys.model.candidates import (
    EASE,
    SOURCES,
    ItemKNN,
    MostPopular,
    decode_sources,
    fit_generators,
    union_candidates,
)


@pytest.fixture
def fitted(events: pd.DataFrame) -> list:
    return [MostPopular(window_days=60).fit(events), ItemKNN(20).fit(events)]


def test_union_columns_sources_and_nan(fitted: list) -> None:
    union = union_candidates(fitted, range(40), 10)
    assert list(union.columns) == [
        "user_id", "item_id", SOURCES, "most_popular_score", "most_popular_rank",
        "item_knn_score", "item_knn_rank",
    ]  # fmt: skip
    assert not union.duplicated(["user_id", "item_id"]).any()
    pop = fitted[0].recommend(range(40), 10)
    knn = fitted[1].recommend(range(40), 10)
    for bit, (name, reco) in enumerate([("most_popular", pop), ("item_knn", knn)]):
        proposed = union[f"{name}_rank"].notna()
        assert (proposed.to_numpy() == ((union[SOURCES].to_numpy() >> bit) & 1).astype(bool)).all()
        assert proposed.sum() == len(reco)
        merged = reco.merge(union, on=["user_id", "item_id"])
        np.testing.assert_array_equal(merged["rank"], merged[f"{name}_rank"])
        np.testing.assert_array_equal(merged["score"], merged[f"{name}_score"])
    assert union[SOURCES].between(1, 3).all()
    assert union.groupby("user_id").size().between(10, 20).all()


def test_source_names_keep_bits_stable(fitted: list) -> None:
    names = ["most_popular", "ease", "item_knn"]
    union = union_candidates(fitted, range(5), 5, source_names=names)
    assert set(np.unique(union[SOURCES])) <= {1, 4, 5}
    only_knn = union.loc[union["most_popular_rank"].isna()]
    assert (only_knn[SOURCES] == 4).all()
    assert decode_sources(5, names) == ["most_popular", "item_knn"]
    with pytest.raises(ValueError, match="lack"):
        union_candidates(fitted, range(5), 5, source_names=["most_popular"])


def test_decode_sources() -> None:
    names = ["most_popular", "item_knn", "ease"]
    assert decode_sources(5, names) == ["most_popular", "ease"]
    assert decode_sources(0, names) == []


def test_per_generator_sizes_and_unknown_users(fitted: list) -> None:
    union = union_candidates(fitted, [0, 999], {"most_popular": 3, "item_knn": 7})
    assert union.loc[union["user_id"] == 999, SOURCES].eq(1).all()
    assert union["most_popular_rank"].max() == 3 and union["item_knn_rank"].max() == 7
    assert (union.loc[union["user_id"] == 999, "item_knn_rank"]).isna().all()


def test_union_only_seen(fitted: list, events: pd.DataFrame) -> None:
    union = union_candidates(fitted, range(10), 5, only_seen=True)
    seen = set(zip(events["user_id"], events["item_id"], strict=True))
    assert set(zip(union["user_id"], union["item_id"], strict=True)) <= seen
    assert len(union) > 0


def test_union_rejects_duplicate_names(fitted: list) -> None:
    with pytest.raises(ValueError, match="distinct"):
        union_candidates([fitted[0], fitted[0]], [0], 5)
    with pytest.raises(ValueError):
        union_candidates([], [0], 5)


def test_fit_generators_records_skips(events: pd.DataFrame) -> None:
    gens, skipped = fit_generators([MostPopular(), EASE(max_items=10), ItemKNN(5)], events)
    assert [g.name for g in gens] == ["most_popular", "item_knn"]
    assert list(skipped) == ["ease"] and "max_items=10" in skipped["ease"]
