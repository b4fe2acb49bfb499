"""Item-based k-nearest neighbours on co-occurrence with cosine similarity (sparse, native)."""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from recsys.model.candidates._base import (
    NATIVE_BATCH_ROWS,
    Interactions,
    MatrixGenerator,
    SeenMode,
    rank_within,
    topk_csr,
)

__all__ = ["ItemKNN"]

log = logging.getLogger(__name__)


class ItemKNN(MatrixGenerator):
    """Item-kNN: cosine similarity of items' listener sets, top neighbours kept per item.

    ``sim(i, j) = |U_i ∩ U_j| / sqrt(|U_i| · |U_j|)`` on the binary user × item matrix
    (Sarwar et al., WWW 2001; Deshpande & Karypis, TOIS 2004). Each item keeps its
    ``n_neighbours`` most similar other items (as ``implicit``'s ItemItemRecommender does), and
    a user's score for item i is the sum of ``sim(j, i)`` over the items j in their history
    that have i among their neighbours. Items with no positive score are not proposed, so a
    user with a small history may get fewer than ``k`` rows. Unknown users get nothing.

    The similarities come from ``implicit``'s native, threaded ``all_pairs_knn`` (the kernel
    of its CosineRecommender) on the column-normalised matrix, in float64, asked for
    ``n_neighbours + 1`` neighbours per item because it counts the item itself; the item
    itself and weak entries are then dropped and each row cut to ``n_neighbours``, ordered by
    similarity and then column. Of several neighbours tied at exactly the last kept
    similarity, which are kept follows implicit's scan order rather than the column.

    A user's scores are summed by implicit's native scorer (the one behind its item-item
    ``recommend``), one user at a time in each of ``threads`` threads, and its top ``k`` kept
    with a heap; ranking the history only (the repeat task) multiplies sparse matrices
    instead (scipy).

    Args:
        n_neighbours: neighbours kept per item.
        min_similarity: similarities at or below this are dropped.
        threads: native threads of the similarity computation and of the scoring.
        name: generator name.
    """

    def __init__(
        self,
        n_neighbours: int = 100,
        *,
        min_similarity: float = 0.0,
        threads: int = 2,
        name: str = "item_knn",
    ) -> None:
        super().__init__(name)
        if n_neighbours < 1:
            raise ValueError("n_neighbours must be at least 1")
        if threads < 1:
            raise ValueError("threads must be at least 1")
        self.n_neighbours = n_neighbours
        self.min_similarity = min_similarity
        self.threads = threads
        self.similarity_: sp.csr_matrix | None = None
        """items × items; row j holds the kept neighbours of item j and their cosine."""
        self.user_items_: sp.csr_matrix | None = None
        """Binary users × items history used for scoring."""
        self.history_: sp.csr_matrix | None = None
        """Every seen (user, item): 1 where it scores, 0 where its weight is not positive."""
        self._scorers: list[Any] = []

    def _fit(self, data: Interactions, history: pd.DataFrame) -> None:
        from implicit.nearest_neighbours import all_pairs_knn

        x = data.binary()
        n = x.shape[1]
        counts = np.asarray(x.sum(axis=0)).ravel().astype(np.float64)
        inv = np.zeros(n, dtype=np.float64)
        inv[counts > 0] = 1.0 / np.sqrt(counts[counts > 0])
        # implicit's kernel takes float64 only; each user row holds 1/sqrt(|U_i|) per item i
        xn = sp.csr_matrix(x @ sp.diags(inv), dtype=np.float64)
        # K counts the item itself; unused slots come back as (0, 0, 0) and go with self below
        pairs = all_pairs_knn(
            xn, self.n_neighbours + 1, num_threads=self.threads, show_progress=False
        )
        rows, cols, vals = self._prune(pairs.row, pairs.col, pairs.data)
        self.similarity_ = sp.csr_matrix(
            (vals.astype(np.float32), (rows, cols)), shape=(n, n), dtype=np.float32
        )
        self.user_items_ = x
        hist = (data.seen + x).tocsr()
        hist.data = (hist.data > 1).astype(np.float32)
        hist.indptr = hist.indptr.astype(np.int32)
        hist.indices = hist.indices.astype(np.int32)
        self.history_ = hist
        self._scorers = []
        log.debug("%s: %d similarities kept", self.name, self.similarity_.nnz)

    def _prune(
        self, rows: np.ndarray, cols: np.ndarray, vals: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Each row's top neighbours by similarity then column, without self or weak entries."""
        keep = (cols != rows) & (vals > self.min_similarity)
        rows, cols, vals = rows[keep], cols[keep], vals[keep]
        order = np.lexsort((cols, -vals, rows))
        rows, cols, vals = rows[order], cols[order], vals[order]
        keep = rank_within(rows) <= self.n_neighbours
        return rows[keep], cols[keep], vals[keep]

    def _batch_rows(self, n_items: int, seen: SeenMode) -> int:
        return super()._batch_rows(n_items, seen) if seen == "only" else NATIVE_BATCH_ROWS

    def _topk(
        self, codes: np.ndarray, k: int, seen: SeenMode
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if seen != "only":
            return self._topk_native(codes, k, exclude=seen == "exclude")
        data = self._fitted()
        assert self.user_items_ is not None and self.similarity_ is not None
        scores = (self.user_items_[codes] @ self.similarity_).tocsr()
        scores = sp.csr_matrix(scores.multiply(data.seen[codes]))
        scores.data[scores.data <= 0] = 0.0
        scores.eliminate_zeros()
        return topk_csr(scores, k)

    def _topk_native(
        self, codes: np.ndarray, k: int, *, exclude: bool
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Score users with implicit's native scorer, a slice of ``codes`` per thread.

        Each scorer sums ``sim(j, i)`` over the user's items j and keeps the ``k`` best;
        seen items get 0 when ``exclude`` (items seen with no weight are in the history with
        weight 0, so they are left out but lend nothing). Entries at or below 0 are dropped,
        then each list is ordered by score and item code.
        """
        assert self.history_ is not None
        hist = self.history_
        n_threads = min(self.threads, max(1, len(codes)))
        scorers = self._scorers_for(n_threads)

        def run(part: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
            scorer, pos = scorers[part], parts[part]
            ids, vals = [], []
            for c in codes[pos]:
                i, v = scorer.recommend(
                    hist.indptr[c : c + 2], hist.indices, hist.data, K=k, remove_own_likes=exclude
                )
                ids.append(i)
                vals.append(v)
            lengths = np.fromiter((len(i) for i in ids), dtype=np.int64, count=len(ids))
            rows = np.repeat(pos, lengths)
            if not ids:
                return rows, np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
            return rows, np.concatenate(ids).astype(np.int64), np.concatenate(vals)

        parts = np.array_split(np.arange(len(codes)), n_threads)
        if n_threads == 1:
            results = [run(0)]
        else:
            with ThreadPoolExecutor(n_threads) as pool:
                results = list(pool.map(run, range(n_threads)))
        rows, cols, vals = (np.concatenate(x) for x in zip(*results, strict=True))
        vals = vals.astype(np.float32)
        keep = vals > 0
        rows, cols, vals = rows[keep], cols[keep], vals[keep]
        order = np.lexsort((cols, -vals, rows))
        return rows[order], cols[order], vals[order]

    def _scorers_for(self, n: int) -> list[Any]:
        """``n`` native scorers over the similarity (one per thread: each holds a lock)."""
        from implicit.nearest_neighbours import NearestNeighboursScorer

        assert self.similarity_ is not None
        while len(self._scorers) < n:
            self._scorers.append(NearestNeighboursScorer(self.similarity_))
        return self._scorers[:n]
