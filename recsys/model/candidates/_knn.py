"""Item-based k-nearest neighbours on co-occurrence with cosine similarity (sparse, scipy)."""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd
import scipy.sparse as sp

from recsys.model.candidates._base import (
    Interactions,
    MatrixGenerator,
    SeenMode,
    rank_within,
    topk_csr,
)

__all__ = ["ItemKNN"]

log = logging.getLogger(__name__)

_BLOCK_CELLS = 1 << 25
"""Item rows per similarity block × n_items stays under this, bounding peak memory."""


class ItemKNN(MatrixGenerator):
    """Item-kNN: cosine similarity of items' listener sets, top neighbours kept per item.

    ``sim(i, j) = |U_i ∩ U_j| / sqrt(|U_i| · |U_j|)`` on the binary user × item matrix
    (Sarwar et al., WWW 2001; Deshpande & Karypis, TOIS 2004). Each item keeps its
    ``n_neighbours`` most similar other items (as ``implicit``'s ItemItemRecommender does), and
    a user's score for item i is the sum of ``sim(j, i)`` over the items j in their history
    that have i among their neighbours. Items with no positive score are not proposed, so a
    user with a small history may get fewer than ``k`` rows. Unknown users get nothing.

    Args:
        n_neighbours: neighbours kept per item.
        min_similarity: similarities at or below this are dropped.
        name: generator name.
    """

    def __init__(
        self, n_neighbours: int = 100, *, min_similarity: float = 0.0, name: str = "item_knn"
    ) -> None:
        super().__init__(name)
        if n_neighbours < 1:
            raise ValueError("n_neighbours must be at least 1")
        self.n_neighbours = n_neighbours
        self.min_similarity = min_similarity
        self.similarity_: sp.csr_matrix | None = None
        """items × items; row j holds the kept neighbours of item j and their cosine."""
        self.user_items_: sp.csr_matrix | None = None
        """Binary users × items history used for scoring."""

    def _fit(self, data: Interactions, history: pd.DataFrame) -> None:
        x = data.binary()
        n = x.shape[1]
        counts = np.asarray(x.sum(axis=0)).ravel()
        inv = np.zeros(n, dtype=np.float32)
        inv[counts > 0] = 1.0 / np.sqrt(counts[counts > 0])
        xn = (x @ sp.diags(inv)).tocsr()
        xnt = xn.T.tocsr()
        block = max(16, _BLOCK_CELLS // max(n, 1))
        rows, cols, vals = [], [], []
        for start in range(0, n, block):
            sims = (xnt[start : start + block] @ xn).tocsr()
            r, c, v = self._prune(sims, start)
            rows.append(r + start)
            cols.append(c)
            vals.append(v)
        self.similarity_ = sp.csr_matrix(
            (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
            shape=(n, n),
            dtype=np.float32,
        )
        self.user_items_ = x
        log.debug("%s: %d similarities kept", self.name, self.similarity_.nnz)

    def _prune(self, sims: sp.csr_matrix, offset: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Top neighbours of each row without self-similarity or weak entries."""
        rows, cols, vals = topk_csr(sims, self.n_neighbours + 1)
        keep = (cols != rows + offset) & (vals > self.min_similarity)
        rows, cols, vals = rows[keep], cols[keep], vals[keep]
        keep = rank_within(rows) <= self.n_neighbours
        return rows[keep], cols[keep], vals[keep]

    def _topk(
        self, codes: np.ndarray, k: int, seen: SeenMode
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        data = self._fitted()
        assert self.user_items_ is not None and self.similarity_ is not None
        scores = (self.user_items_[codes] @ self.similarity_).tocsr()
        if seen == "exclude":
            scores = (scores - scores.multiply(data.seen[codes])).tocsr()
        elif seen == "only":
            scores = sp.csr_matrix(scores.multiply(data.seen[codes]))
        scores.data[scores.data <= 0] = 0.0
        scores.eliminate_zeros()
        return topk_csr(scores, k)
