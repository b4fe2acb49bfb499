"""The contract every candidate generator honours, run over each of them (LensKit-style mixin)."""

from __future__ import annotations

from abc import ABC, abstractmethod

import numpy as np
import pandas as pd
import pytest

from recsys.errors import NotFittedError
from recsys.model.candidates import (
    ALS,
    EASE,
    RECO_COLUMNS,
    CandidateGenerator,
    ItemKNN,
    MatrixGenerator,
    MostPopular,
)

K = 15


class GeneratorContract(ABC):
    """Tests any generator must pass; a subclass says how to build one."""

    fills_lists = True
    """Whether every eligible item gets a score (item-kNN proposes only positive scores)."""

    @abstractmethod
    def make(self) -> MatrixGenerator:
        """A fresh, unfitted generator with a fixed seed."""

    def test_is_a_candidate_generator(self) -> None:
        gen = self.make()
        assert isinstance(gen, CandidateGenerator)
        assert isinstance(gen.name, str) and gen.name

    def test_recommend_before_fit_raises(self) -> None:
        with pytest.raises(NotFittedError):
            self.make().recommend([1], 5)

    def test_fit_returns_self(self, events: pd.DataFrame) -> None:
        gen = self.make()
        assert gen.fit(events) is gen

    def test_output_columns_ranks_and_order(self, events: pd.DataFrame) -> None:
        reco = self.make().fit(events).recommend(range(40), K)
        assert tuple(reco.columns) == RECO_COLUMNS
        assert reco["rank"].dtype == np.int64 and reco["score"].dtype == np.float64
        assert len(reco) > 0
        for _, group in reco.groupby("user_id"):
            assert group["rank"].tolist() == list(range(1, len(group) + 1))
            assert len(group) <= K
            assert group["score"].is_monotonic_decreasing
        assert not reco.duplicated(["user_id", "item_id"]).any()
        assert np.isfinite(reco["score"]).all()

    def test_exclude_seen_is_honoured(self, events: pd.DataFrame) -> None:
        gen = self.make().fit(events)
        reco = gen.recommend(range(40), K)
        seen = set(zip(events["user_id"], events["item_id"], strict=True))
        assert not seen & set(zip(reco["user_id"], reco["item_id"], strict=True))
        with_seen = gen.recommend(range(40), K, exclude_seen=False)
        assert seen & set(zip(with_seen["user_id"], with_seen["item_id"], strict=True))

    def test_only_seen_ranks_the_history(self, events: pd.DataFrame) -> None:
        gen = self.make().fit(events)
        reco = gen.recommend(range(40), K, only_seen=True)
        seen = set(zip(events["user_id"], events["item_id"], strict=True))
        assert set(zip(reco["user_id"], reco["item_id"], strict=True)) <= seen
        n_seen = events.groupby("user_id")["item_id"].nunique().clip(upper=K)
        got = reco.groupby("user_id").size().reindex(n_seen.index, fill_value=0)
        assert (got <= n_seen).all()
        if self.fills_lists:
            assert (got == n_seen).all()
        for _, group in reco.groupby("user_id"):
            assert group["rank"].tolist() == list(range(1, len(group) + 1))
            assert group["score"].is_monotonic_decreasing

    def test_recommends_only_known_items(self, events: pd.DataFrame) -> None:
        history = events.loc[events["item_id"] < 100]
        reco = self.make().fit(history).recommend(range(40), K)
        assert set(reco["item_id"]) <= set(history["item_id"])

    def test_deterministic_and_independent_of_row_order(self, events: pd.DataFrame) -> None:
        first = self.make().fit(events).recommend(range(40), K)
        shuffled = events.sample(frac=1.0, random_state=5)
        second = self.make().fit(shuffled).recommend(range(40), K)
        pd.testing.assert_frame_equal(first, second)

    def test_users_keep_the_requested_order_and_duplicates_collapse(
        self, events: pd.DataFrame
    ) -> None:
        reco = self.make().fit(events).recommend([7, 3, 7, 5], 3)
        assert pd.unique(reco["user_id"]).tolist() == [7, 3, 5]

    def test_unknown_users(self, events: pd.DataFrame) -> None:
        gen = self.make().fit(events)
        reco = gen.recommend([999, 1], 5)
        assert (999 in set(reco["user_id"])) == gen.serves_unknown_users

    def test_k_beyond_the_catalogue(self, events: pd.DataFrame) -> None:
        small = events.loc[events["item_id"] < 8]
        reco = self.make().fit(small).recommend([0, 1], 50)
        assert reco.groupby("user_id").size().max() <= 8

    def test_string_ids(self, events: pd.DataFrame) -> None:
        named = events.assign(
            user_id="u" + events["user_id"].astype(str), item_id="i" + events["item_id"].astype(str)
        )
        reco = self.make().fit(named).recommend(["u1", "u2"], 5)
        assert set(reco["user_id"]) <= {"u1", "u2"} and len(reco) > 0
        assert reco["item_id"].str.startswith("i").all()

    def test_empty_user_list(self, events: pd.DataFrame) -> None:
        reco = self.make().fit(events).recommend([], 5)
        assert reco.empty and tuple(reco.columns) == RECO_COLUMNS

    def test_bad_k(self, events: pd.DataFrame) -> None:
        with pytest.raises(ValueError):
            self.make().fit(events).recommend([1], 0)


class TestMostPopular(GeneratorContract):
    def make(self) -> MatrixGenerator:
        return MostPopular(window_days=60)


class TestItemKNN(GeneratorContract):
    fills_lists = False

    def make(self) -> MatrixGenerator:
        return ItemKNN(n_neighbours=20)


class TestItemKNNOneThread(GeneratorContract):
    fills_lists = False

    def make(self) -> MatrixGenerator:
        return ItemKNN(n_neighbours=20, min_similarity=0.05, threads=1)


class TestEASE(GeneratorContract):
    def make(self) -> MatrixGenerator:
        return EASE(regularization=50.0)


class TestEASETopItems(GeneratorContract):
    def make(self) -> MatrixGenerator:
        return EASE(regularization=50.0, top_items=60)


class TestALS(GeneratorContract):
    def make(self) -> MatrixGenerator:
        return ALS(factors=8, iterations=4, seed=3)


class TestALSOneThread(GeneratorContract):
    def make(self) -> MatrixGenerator:
        return ALS(factors=8, iterations=4, seed=3, threads=1)


class TestALSConfidence(GeneratorContract):
    def make(self) -> MatrixGenerator:
        return ALS(factors=8, iterations=4, weighting="confidence", alpha=2.0, seed=3)
