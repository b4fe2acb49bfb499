"""EASE: the closed-form shallow autoencoder, with a guard on the item count."""

from __future__ import annotations

import logging

import numpy as np
import pandas as pd
import scipy.sparse as sp

from recsys.model.candidates._base import (
    GeneratorSkippedError,
    Interactions,
    MatrixGenerator,
    SeenMode,
    mask_seen,
    topk_dense,
)

__all__ = ["EASE"]

log = logging.getLogger(__name__)

_BLOCK_CELLS = 1 << 25


class EASE(MatrixGenerator):
    """EASE^R (Steck, "Embarrassingly Shallow Autoencoders", WWW 2019).

    With X the binary user × item matrix, ``P = (XᵀX + λI)⁻¹`` and
    ``B_ij = -P_ij / P_jj`` (``B_jj = 0``); a user's scores are ``x_u B``. The inverse is
    computed in float32 by Cholesky (LAPACK ``potrf``/``potri``) in place, so memory is one
    n × n float32 matrix (4·n² bytes) and time grows as n³.

    When the catalogue (after ``top_items``) has more than ``max_items`` items, :meth:`fit`
    logs the reason and raises :class:`GeneratorSkippedError` before allocating anything.
    ``top_items`` restricts the model to the most-played items (by distinct users), a common
    way to keep EASE usable on a large catalogue; other items are then never proposed.
    Unknown users get nothing.

    Args:
        regularization: λ, added to the diagonal of the Gram matrix.
        max_items: largest item count accepted.
        top_items: if set, fit on this many most popular items only.
        name: generator name.
    """

    def __init__(
        self,
        regularization: float = 500.0,
        *,
        max_items: int = 20_000,
        top_items: int | None = None,
        name: str = "ease",
    ) -> None:
        super().__init__(name)
        if regularization <= 0:
            raise ValueError("regularization must be positive")
        self.regularization = regularization
        self.max_items = max_items
        self.top_items = top_items
        self.weights_: np.ndarray | None = None
        """B, float32 (n_kept × n_kept), zero diagonal."""
        self.item_codes_: np.ndarray | None = None
        """Item codes (columns of the history) that B covers, ascending."""
        self.user_items_: sp.csr_matrix | None = None
        """Binary users × kept-items history used for scoring."""

    def _fit(self, data: Interactions, history: pd.DataFrame) -> None:
        from scipy.linalg import lapack

        x = data.binary()
        n_all = x.shape[1]
        keep = np.arange(n_all)
        if self.top_items is not None and self.top_items < n_all:
            counts = np.asarray(x.sum(axis=0)).ravel()
            keep = np.sort(np.lexsort((np.arange(n_all), -counts))[: self.top_items])
        n = len(keep)
        if n > self.max_items:
            reason = (
                f"{n} items > max_items={self.max_items}: the item x item matrix would need "
                f"{4 * n * n / 1e9:.1f} GB and O(n^3) time; set top_items to restrict it"
            )
            log.warning("%s skipped: %s", self.name, reason)
            raise GeneratorSkippedError(self.name, reason)
        x = x[:, keep].tocsr()
        gram = _gram(x)
        gram[np.diag_indices(n)] += np.float32(self.regularization)
        chol, info = lapack.spotrf(gram, lower=0, overwrite_a=1, clean=0)
        if info != 0:
            raise np.linalg.LinAlgError(f"EASE: Cholesky failed (info={info})")
        p, info = lapack.spotri(chol, lower=0, overwrite_c=1)
        if info != 0:
            raise np.linalg.LinAlgError(f"EASE: inversion failed (info={info})")
        _symmetrize_upper(p)
        diag = p.diagonal().copy()
        p /= -diag[np.newaxis, :]
        p[np.diag_indices(n)] = 0.0
        # C order: scoring multiplies sparse user rows into B's rows, and scipy walks a
        # Fortran-ordered B with a stride of n floats per step (about 10x slower at 5,000 items)
        self.weights_ = np.ascontiguousarray(p)
        self.item_codes_ = keep
        self.user_items_ = x
        log.debug("%s: fitted on %d of %d items", self.name, n, n_all)

    def _topk(
        self, codes: np.ndarray, k: int, seen: SeenMode
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Rank within the kept items only, then map back to history item codes."""
        assert self.weights_ is not None and self.item_codes_ is not None
        assert self.user_items_ is not None
        scores = np.asarray(self.user_items_[codes] @ self.weights_, dtype=np.float32)
        mask_seen(scores, self._fitted().seen[codes][:, self.item_codes_].tocsr(), seen)
        rows, cols, vals = topk_dense(scores, k)
        return rows, self.item_codes_[cols], vals


def _gram(x: sp.csr_matrix) -> np.ndarray:
    """Dense float32 XᵀX in Fortran order, computed in column blocks of a sparse product."""
    n = x.shape[1]
    xt = x.T.tocsr()
    xc = x.tocsc()
    out = np.empty((n, n), dtype=np.float32, order="F")
    block = max(16, _BLOCK_CELLS // max(n, 1))
    for start in range(0, n, block):
        stop = min(start + block, n)
        out[:, start:stop] = (xt @ xc[:, start:stop]).toarray()
    return out


def _symmetrize_upper(a: np.ndarray, block: int = 1024) -> None:
    """Copy the upper triangle of square ``a`` onto its lower triangle, in place, by blocks."""
    n = a.shape[0]
    for start in range(0, n, block):
        stop = min(start + block, n)
        diag = a[start:stop, start:stop]
        diag[...] = np.triu(diag) + np.triu(diag, 1).T
        a[stop:, start:stop] = a[start:stop, stop:].T
