"""Implicit-feedback matrix factorisation with the ``implicit`` library's ALS."""

from __future__ import annotations

import logging
from typing import Literal

import numpy as np
import pandas as pd
import scipy.sparse as sp

from recsys.model.candidates._base import (
    NATIVE_BATCH_ROWS,
    Interactions,
    MatrixGenerator,
    SeenMode,
    topk_native,
)

__all__ = ["ALS"]

log = logging.getLogger(__name__)


class ALS(MatrixGenerator):
    """Alternating least squares for implicit feedback (Hu, Koren & Volinsky, ICDM 2008).

    Fitted with ``implicit.als.AlternatingLeastSquares`` (CPU, conjugate gradient) on a
    confidence matrix built from the history's counts r:

    - ``bm25``: ``alpha · bm25(r)``, BM25-weighted as in implicit's Last.fm example;
    - ``confidence``: ``1 + alpha · log(1 + r)`` (the log variant of Hu et al.).

    Seeded (``random_state``), with native threads bounded by ``threads`` and BLAS held to one
    thread during the fit (implicit's own advice), so fits repeat exactly. Scores are
    ``user_factors · item_factorsᵀ``, the same as implicit's ``recommend``, and the top ``k``
    is taken by implicit's threaded native top-k (``threads`` threads), with the user's
    history left out; ranking the history only (the repeat task) scores it densely instead.
    Unknown users get nothing.

    Args:
        factors: latent dimensions.
        regularization: L2 penalty.
        iterations: ALS sweeps.
        weighting: ``bm25`` or ``confidence``.
        alpha: confidence scale.
        bm25_k1: BM25 K1.
        bm25_b: BM25 B.
        seed: random state of the factor initialisation.
        threads: native threads of the fit and of the top-k.
        name: generator name.
    """

    def __init__(
        self,
        factors: int = 64,
        *,
        regularization: float = 0.05,
        iterations: int = 15,
        weighting: Literal["bm25", "confidence"] = "bm25",
        alpha: float = 1.0,
        bm25_k1: float = 100.0,
        bm25_b: float = 0.8,
        seed: int = 42,
        threads: int = 2,
        name: str = "als",
    ) -> None:
        super().__init__(name)
        if weighting not in ("bm25", "confidence"):
            raise ValueError("weighting must be 'bm25' or 'confidence'")
        if factors < 1 or iterations < 1 or threads < 1:
            raise ValueError("factors, iterations and threads must be at least 1")
        self.factors = factors
        self.regularization = regularization
        self.iterations = iterations
        self.weighting = weighting
        self.alpha = alpha
        self.bm25_k1 = bm25_k1
        self.bm25_b = bm25_b
        self.seed = seed
        self.threads = threads
        self.model_: object | None = None
        """The fitted ``implicit`` model (for its own ``recommend`` or ``similar_items``)."""
        self.user_factors_: np.ndarray | None = None
        """float32 users × factors."""
        self.item_factors_: np.ndarray | None = None
        """float32 items × factors."""

    def confidence(self, data: Interactions) -> sp.csr_matrix:
        """The float32 users × items confidence matrix the model is fitted on."""
        if self.weighting == "bm25":
            from implicit.nearest_neighbours import bm25_weight

            weighted = bm25_weight(data.matrix.T, K1=self.bm25_k1, B=self.bm25_b).T.tocsr()
            weighted.data *= self.alpha
        else:
            weighted = data.matrix.copy()
            weighted.data = 1.0 + self.alpha * np.log1p(weighted.data)
        return weighted.astype(np.float32)

    def _fit(self, data: Interactions, history: pd.DataFrame) -> None:
        from implicit.als import AlternatingLeastSquares
        from threadpoolctl import threadpool_limits

        conf = self.confidence(data)
        with threadpool_limits(1, "blas"):
            model = AlternatingLeastSquares(
                factors=self.factors,
                regularization=self.regularization,
                alpha=1.0,
                iterations=self.iterations,
                random_state=self.seed,
                num_threads=self.threads,
                use_gpu=False,
            )
            model.fit(conf, show_progress=False)
        self.model_ = model
        self.user_factors_ = np.asarray(model.user_factors, dtype=np.float32)
        self.item_factors_ = np.asarray(model.item_factors, dtype=np.float32)

    def _scores(self, codes: np.ndarray) -> np.ndarray:
        assert self.user_factors_ is not None and self.item_factors_ is not None
        return self.user_factors_[codes] @ self.item_factors_.T

    def _batch_rows(self, n_items: int, seen: SeenMode) -> int:
        return super()._batch_rows(n_items, seen) if seen == "only" else NATIVE_BATCH_ROWS

    def _topk(
        self, codes: np.ndarray, k: int, seen: SeenMode
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if seen == "only":
            return super()._topk(codes, k, seen)
        assert self.user_factors_ is not None and self.item_factors_ is not None
        exclude = self._fitted().seen[codes] if seen == "exclude" else None
        return topk_native(
            self.item_factors_, self.user_factors_[codes], k, exclude=exclude, threads=self.threads
        )
