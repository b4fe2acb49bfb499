"""The native (implicit) similarity, scoring and top-k against plain dense references.

Item-kNN's similarities come from ``implicit``'s ``all_pairs_knn`` and its lists from
implicit's scorer; ALS takes its top k with ``implicit.cpu.topk``. Each is held
here to a dense float64 computation of the same definition on the ``tiny`` warehouse's
history, exactly up to ties: a list must hold the reference's best scores in order (to
1e-6), and each listed item must have the score listed; which of several items tied at the
k-th score are listed is left open.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from recsys import warehouse
from recsys.model.build import load_interactions
from recsys.model.candidates import ALS, ItemKNN, MatrixGenerator
from recsys.model.candidates._base import topk_dense, topk_native

TOL = 1e-6
USERS = 120
"""Users checked against the dense reference (the first ones by id)."""


@pytest.fixture(scope="module")
def history(tiny_warehouse: Path) -> Iterator[pd.DataFrame]:
    """The tiny warehouse's plays, as the build hands them to the generators."""
    con = warehouse.open_readonly(tiny_warehouse)
    try:
        events = load_interactions(con, "track", events=True)
    finally:
        con.close()
    yield events[["user_id", "item_id", "ts"]].assign(weight=1.0)


@pytest.fixture(scope="module")
def knn(history: pd.DataFrame) -> ItemKNN:
    return ItemKNN(n_neighbours=20).fit(history)


@pytest.fixture(scope="module")
def als(history: pd.DataFrame) -> ALS:
    return ALS(factors=16, iterations=5, seed=3).fit(history)


def dense_binary(gen: MatrixGenerator) -> np.ndarray:
    assert gen.data_ is not None
    return gen.data_.binary().toarray().astype(np.float64)


def cosine(x: np.ndarray) -> np.ndarray:
    """|U_i ∩ U_j| / sqrt(|U_i| |U_j|) in float64, zero where an item has no listener."""
    co = x.T @ x
    counts = np.diag(co).copy()
    norm = np.sqrt(np.outer(counts, counts))
    return np.divide(co, norm, out=np.zeros_like(co), where=norm > 0)


def kept_neighbours(sim: np.ndarray, n: int, min_similarity: float) -> np.ndarray:
    """The reference pruning: each row's n best other items above min_similarity, else 0."""
    s = sim.copy()
    s[np.diag_indices_from(s)] = -np.inf
    s[s <= min_similarity] = -np.inf
    cols = np.broadcast_to(np.arange(s.shape[1]), s.shape)
    top = np.lexsort((cols, -s), axis=-1)[:, :n]
    vals = np.take_along_axis(s, top, axis=1)
    out = np.zeros_like(sim)
    rows = np.repeat(np.arange(s.shape[0]), top.shape[1])
    keep = np.isfinite(vals.ravel())
    out[rows[keep], top.ravel()[keep]] = vals.ravel()[keep]
    return out


def assert_rows_match(got: np.ndarray, ref: np.ndarray, n: int) -> None:
    """Each row of ``got`` keeps the reference's n best values (ties at the cut aside)."""
    np.testing.assert_array_equal((got != 0).sum(axis=1), (ref != 0).sum(axis=1))
    assert (ref != 0).sum(axis=1).max() <= n
    np.testing.assert_allclose(-np.sort(-got, axis=1), -np.sort(-ref, axis=1), atol=TOL)
    cut = np.where(ref != 0, ref, np.inf).min(axis=1, keepdims=True)
    above = ref > cut + TOL
    assert (got[above] != 0).all(), "a neighbour clearly above the cut is missing"


def assert_lists_match(
    reco: pd.DataFrame, gen: MatrixGenerator, ref: np.ndarray, users: np.ndarray, k: int
) -> None:
    """``reco`` is ``ref``'s top k per user (entries -inf are not eligible), ties aside."""
    assert gen.data_ is not None
    codes = gen.data_.users.get_indexer(reco["user_id"])
    items = gen.data_.items.get_indexer(reco["item_id"])
    got = reco.assign(u=codes, i=items)
    for u in users:
        row = ref[u]
        eligible = np.sort(row[np.isfinite(row)])[::-1][:k]
        mine = got[got["u"] == u].sort_values("rank")
        assert len(mine) == len(eligible), f"user code {u}"
        np.testing.assert_allclose(mine["score"], eligible, atol=TOL, rtol=TOL)
        np.testing.assert_allclose(row[mine["i"].to_numpy()], mine["score"], atol=TOL, rtol=TOL)
        same = np.diff(mine["score"].to_numpy()) == 0
        assert (np.diff(mine["i"].to_numpy())[same] > 0).all(), "exact ties by item code"


def seen_mask(gen: MatrixGenerator) -> np.ndarray:
    assert gen.data_ is not None
    return gen.data_.seen.toarray() > 0


def masked(scores: np.ndarray, seen: np.ndarray, mode: str) -> np.ndarray:
    out = scores.copy()
    if mode == "exclude":
        out[seen] = -np.inf
    elif mode == "only":
        out[~seen] = -np.inf
    return out


def recommend(gen: MatrixGenerator, users: np.ndarray, k: int, mode: str) -> pd.DataFrame:
    assert gen.data_ is not None
    return gen.recommend(
        gen.data_.users[users], k, exclude_seen=mode == "exclude", only_seen=mode == "only"
    )


@pytest.mark.parametrize(("n", "min_similarity"), [(20, 0.0), (100, 0.0), (10, 0.2)])
def test_item_knn_similarity_is_the_exact_cosine(
    history: pd.DataFrame, n: int, min_similarity: float
) -> None:
    gen = ItemKNN(n_neighbours=n, min_similarity=min_similarity).fit(history)
    ref = kept_neighbours(cosine(dense_binary(gen)), n, min_similarity)
    got = gen.similarity_.toarray().astype(np.float64)
    assert (np.diag(got) == 0).all()
    assert_rows_match(got, ref, n)


@pytest.mark.parametrize("mode", ["exclude", "include", "only"])
def test_item_knn_lists_are_the_dense_scores(knn: ItemKNN, mode: str) -> None:
    x = dense_binary(knn)
    scores = x @ knn.similarity_.toarray().astype(np.float64)
    ref = masked(scores, seen_mask(knn), mode)
    ref[ref <= 0] = -np.inf  # only positive scores are proposed
    users = np.arange(USERS)
    assert_lists_match(recommend(knn, users, 50, mode), knn, ref, users, 50)


def test_item_knn_leaves_out_and_ignores_pairs_seen_with_no_weight() -> None:
    # u1 played a and b; b was only skipped (weight 0): it is seen, so never proposed to u1,
    # and it lends u1 nothing, so c (a neighbour of b only) gets no score from it.
    df = pd.DataFrame(
        {
            "user_id": ["u1", "u1", "u2", "u2", "u3", "u3"],
            "item_id": ["a", "b", "a", "b", "b", "c"],
            "weight": [1.0, 0.0, 1.0, 1.0, 1.0, 1.0],
        }
    )
    knn = ItemKNN(n_neighbours=5).fit(df)
    reco = knn.recommend(["u1"], 5)
    assert reco.empty
    with_seen = knn.recommend(["u1"], 5, exclude_seen=False)
    assert with_seen["item_id"].tolist() == ["b"]


@pytest.mark.parametrize("mode", ["exclude", "include", "only"])
def test_als_lists_are_the_dense_scores(als: ALS, mode: str) -> None:
    scores = als.user_factors_.astype(np.float64) @ als.item_factors_.T.astype(np.float64)
    ref = masked(scores, seen_mask(als), mode)
    users = np.arange(USERS)
    assert_lists_match(recommend(als, users, 100, mode), als, ref, users, 100)


@pytest.mark.parametrize(
    "make",
    [
        lambda t: ItemKNN(n_neighbours=30, threads=t),
        lambda t: ALS(factors=16, iterations=5, seed=3, threads=t),
    ],
    ids=["item_knn", "als"],
)
def test_lists_do_not_depend_on_the_thread_count(history: pd.DataFrame, make) -> None:
    users = history["user_id"].unique()
    one = make(1).fit(history)
    two = make(2).fit(history)
    for kwargs in ({}, {"exclude_seen": False}, {"only_seen": True}):
        pd.testing.assert_frame_equal(
            one.recommend(users, 100, **kwargs), two.recommend(users, 100, **kwargs)
        )


def test_topk_native_orders_ties_by_column_like_topk_dense() -> None:
    scores = np.array([[1.0, 3.0, 3.0, 2.0, 3.0], [0.5, 0.5, 0.5, 0.5, 0.5]], dtype=np.float32)
    identity = np.eye(5, dtype=np.float32)
    got = topk_native(identity, scores, 4, threads=1)
    want = topk_dense(scores.copy(), 4)
    for g, w in zip(got, want, strict=True):
        np.testing.assert_array_equal(g, w)
    assert got[1][:3].tolist() == [1, 2, 4]


def test_topk_native_drops_excluded_and_clamps_k() -> None:
    import scipy.sparse as sp

    rng = np.random.default_rng(4)
    items = rng.standard_normal((6, 3)).astype(np.float32)
    query = rng.standard_normal((250, 3)).astype(np.float32)  # more rows than one native batch
    exclude = sp.csr_matrix(np.tile([1, 1, 0, 1, 0, 1], (250, 1)).astype(np.float32))
    rows, cols, vals = topk_native(items, query, 10, exclude=exclude, threads=2)
    assert np.bincount(rows).tolist() == [2] * 250
    assert set(cols.tolist()) == {2, 4}
    np.testing.assert_allclose(vals, np.einsum("ij,ij->i", query[rows], items[cols]), atol=1e-5)
    rows, cols, _ = topk_native(items, query, 10, threads=2)
    assert np.bincount(rows).tolist() == [6] * 250
    empty = topk_native(items, query[:0], 5)
    assert all(len(a) == 0 for a in empty)
