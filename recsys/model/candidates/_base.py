"""The candidate-generator protocol and the machinery the generators share.

A generator is fitted on a history frame (``user_id, item_id`` and optionally ``ts`` and
``weight``) and proposes, for each user, a ranked list of items as a long frame
``user_id, item_id, score, rank`` (rank 1 is the best). Users absent from the history get no
rows, except from :class:`~recsys.model.candidates.MostPopular`, which serves everyone.
"""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal, Protocol, Self, runtime_checkable

import numpy as np
import pandas as pd
import scipy.sparse as sp

from recsys.errors import DataError, NotFittedError, SoundcheckError
from recsys.schema import Columns

__all__ = [
    "RECO_COLUMNS",
    "CandidateGenerator",
    "GeneratorSkippedError",
    "Interactions",
    "MatrixGenerator",
    "SeenMode",
    "build_interactions",
    "mask_seen",
    "rank_within",
    "topk_csr",
    "topk_dense",
    "topk_native",
]

log = logging.getLogger(__name__)

SeenMode = Literal["exclude", "include", "only"]
"""What to do with items in the user's history: leave out, allow, or rank only those."""

RECO_COLUMNS = (Columns.user_id, Columns.item_id, Columns.score, Columns.rank)
"""Columns of every ``recommend`` output, in order."""

_BATCH_CELLS = 1 << 24
"""Dense score cells per batch (64 MB of float32): bounds memory whatever the catalogue size."""

NATIVE_BATCH_ROWS = 4096
"""Users per call of :func:`topk_native`, which scores them 100 rows at a time per thread."""


@runtime_checkable
class CandidateGenerator(Protocol):
    """What the union, the baselines and the ranker need from a candidate generator."""

    name: str
    """Short name, used as a column prefix and a metrics key (``item_knn``)."""

    def fit(self, history: pd.DataFrame) -> Self:
        """Learn from ``user_id, item_id[, ts, weight]`` events or aggregates; return self."""
        ...

    def recommend(
        self, user_ids: Iterable[object], k: int, *, exclude_seen: bool = True
    ) -> pd.DataFrame:
        """Top ``k`` items per user as ``user_id, item_id, score, rank`` (rank from 1).

        The generators here also take ``only_seen=True`` (repeat task: rank only the items
        the user already has in the history); it is not required by the protocol.
        """
        ...


class GeneratorSkippedError(SoundcheckError):
    """A generator declined to fit (for example EASE on too many items).

    The caller records ``reason`` with the run and goes on without this generator.
    """

    def __init__(self, generator: str, reason: str) -> None:
        super().__init__(f"{generator} skipped: {reason}")
        self.generator = generator
        self.reason = reason


@dataclass(frozen=True)
class Interactions:
    """A history encoded as a sparse users × items matrix.

    Attributes:
        users: user ids; position = row code.
        items: item ids; position = column code.
        matrix: summed weights (event counts when there is no ``weight``), float32 CSR.
        seen: which (user, item) pairs occur in the history, whatever their weight.
    """

    users: pd.Index
    items: pd.Index
    matrix: sp.csr_matrix
    seen: sp.csr_matrix

    def binary(self) -> sp.csr_matrix:
        """The matrix with every stored positive weight set to 1."""
        out = self.matrix.copy()
        out.data = np.ones_like(out.data)
        return out


def build_interactions(history: pd.DataFrame) -> Interactions:
    """Encode a history frame; codes follow sorted ids, so they do not depend on row order.

    Raises:
        DataError: ``user_id`` or ``item_id`` is missing or null, or the history is empty.
    """
    for col in (Columns.user_id, Columns.item_id):
        if col not in history.columns:
            raise DataError(f"history: missing column {col}")
        if history[col].isna().any():
            raise DataError(f"history: field {col} has null values")
    if history.empty:
        raise DataError("history: no records")
    u, users = pd.factorize(history[Columns.user_id], sort=True)
    i, items = pd.factorize(history[Columns.item_id], sort=True)
    if Columns.weight in history.columns:
        w = history[Columns.weight].to_numpy(dtype=np.float32)
    else:
        w = np.ones(len(history), dtype=np.float32)
    shape = (len(users), len(items))
    matrix = sp.csr_matrix((w, (u, i)), shape=shape, dtype=np.float32)
    matrix.sum_duplicates()
    seen = matrix.copy()
    seen.data = np.ones_like(seen.data)
    matrix.data[matrix.data < 0] = 0
    matrix.eliminate_zeros()
    return Interactions(pd.Index(users), pd.Index(items), matrix, seen)


def topk_dense(scores: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Top ``k`` finite entries per row of a dense matrix, ordered by score then column.

    Returns:
        ``(rows, cols, values)``, sorted by row and then rank.
    """
    n_rows, n_cols = scores.shape
    kk = min(k, n_cols)
    if kk < n_cols:
        idx = np.argpartition(-scores, kk - 1, axis=1)[:, :kk]
    else:
        idx = np.broadcast_to(np.arange(n_cols), (n_rows, n_cols))
    vals = np.take_along_axis(scores, idx, axis=1).ravel()
    rows = np.repeat(np.arange(n_rows), kk)
    cols = idx.ravel()
    keep = np.isfinite(vals)
    rows, cols, vals = rows[keep], cols[keep], vals[keep]
    order = np.lexsort((cols, -vals, rows))
    return rows[order], cols[order], vals[order]


def topk_native(
    items: np.ndarray,
    query: np.ndarray | sp.csr_matrix,
    k: int,
    *,
    exclude: sp.csr_matrix | None = None,
    threads: int = 2,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Top ``k`` of ``query · itemsᵀ`` per row, by ``implicit``'s native, threaded top-k.

    ``implicit.cpu.topk.topk`` scores 100 query rows at a time in each of ``threads``
    threads and keeps each row's best ``k`` with a heap, so only ``threads`` × 100 rows of
    dense scores exist at once, whatever the number of rows. Entries of ``exclude`` (a CSR
    aligned with ``query``) are left out. Each row's list is then ordered by score and
    column, as :func:`topk_dense` orders it; the two differ only in which of several items
    tied at exactly the ``k``-th score are kept.

    Args:
        items: ``n_items × d`` float32 (a transposed view is fine: it is used as ``itemsᵀ``).
        query: ``n_rows × d`` float32, dense or CSR.
        k: list length (fewer when fewer items are left after ``exclude``).
        exclude: entries to leave out, or None.
        threads: native threads (BLAS is held to one thread meanwhile).

    Returns:
        ``(rows, cols, values)``, sorted by row and then rank.
    """
    from implicit.cpu.topk import topk
    from threadpoolctl import threadpool_limits

    n_rows, n_cols = query.shape[0], items.shape[0]
    kk = min(k, n_cols)
    if n_rows == 0 or kk == 0:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty.copy(), np.zeros(0, dtype=np.float32)
    # one BLAS thread inside implicit's threads: no oversubscription, and the same products
    # (so the same lists) whatever ``threads`` is
    with threadpool_limits(1, "blas"):
        ids, vals = topk(items, query, kk, filter_query_items=exclude, num_threads=threads)
    rows = np.repeat(np.arange(n_rows), kk)
    cols, vals = ids.ravel().astype(np.int64), vals.ravel()
    # implicit marks left-out entries with the most negative finite value of the dtype
    keep = vals > -np.finfo(vals.dtype).max
    rows, cols, vals = rows[keep], cols[keep], vals[keep]
    tied = (rows[1:] == rows[:-1]) & (vals[1:] == vals[:-1])
    if tied.any():  # implicit orders exact ties by column descending
        order = np.lexsort((cols, -vals, rows))
        rows, cols, vals = rows[order], cols[order], vals[order]
    return rows, cols, vals


def topk_csr(m: sp.csr_matrix, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Top ``k`` stored entries per row of a CSR matrix, ordered by value then column.

    Rows with at most ``k`` entries are taken whole (vectorised); longer rows go through
    ``argpartition`` one by one, which beats sorting every stored entry.

    Returns:
        ``(rows, cols, values)``, sorted by row and then rank.
    """
    lengths = np.diff(m.indptr)
    short = np.flatnonzero((lengths > 0) & (lengths <= k))
    idx = _segments(m.indptr[short], lengths[short])
    parts_r = [np.repeat(short, lengths[short])]
    parts_c, parts_v = [m.indices[idx]], [m.data[idx]]
    for r in np.flatnonzero(lengths > k):
        lo, hi = m.indptr[r], m.indptr[r + 1]
        data = m.data[lo:hi]
        top = np.argpartition(-data, k - 1)[:k]
        parts_r.append(np.full(k, r))
        parts_c.append(m.indices[lo:hi][top])
        parts_v.append(data[top])
    rows, cols, vals = (np.concatenate(x) for x in (parts_r, parts_c, parts_v))
    order = np.lexsort((cols, -vals, rows))
    return rows[order], cols[order], vals[order]


def _segments(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """Concatenated ``arange(start, start + length)`` for each segment, without a loop."""
    total = int(lengths.sum())
    offsets = np.repeat(starts - (np.cumsum(lengths) - lengths), lengths)
    return np.arange(total, dtype=np.int64) + offsets


def mask_seen(scores: np.ndarray, seen: sp.csr_matrix, mode: SeenMode) -> None:
    """Set to -inf, in place, the dense scores that ``mode`` rules out (``seen`` aligned)."""
    if mode == "include":
        return
    rows = np.repeat(np.arange(seen.shape[0]), np.diff(seen.indptr))
    if mode == "exclude":
        scores[rows, seen.indices] = -np.inf
    else:
        kept = scores[rows, seen.indices]
        scores[...] = -np.inf
        scores[rows, seen.indices] = kept


def rank_within(rows: np.ndarray) -> np.ndarray:
    """1-based position of each entry within its run of equal ``rows`` (rows sorted)."""
    if len(rows) == 0:
        return np.zeros(0, dtype=np.int64)
    starts = np.flatnonzero(np.r_[True, rows[1:] != rows[:-1]])
    run_start = np.repeat(starts, np.diff(np.r_[starts, len(rows)]))
    return np.arange(len(rows)) - run_start + 1


class MatrixGenerator(ABC):
    """Base of the generators: encoding, batching, seen-item masking and output format.

    Subclasses implement :meth:`_fit`, and either :meth:`_scores` (dense scores of a batch
    of users) or :meth:`_topk` when they can rank without a dense matrix.
    """

    name: str
    serves_unknown_users: bool = False
    """Whether users absent from the history get recommendations (popularity does)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.data_: Interactions | None = None
        """The encoded history of the last ``fit``; None before."""

    def fit(self, history: pd.DataFrame) -> Self:
        """Fit on ``user_id, item_id[, ts, weight]``; return self.

        Raises:
            DataError: the history is malformed.
            GeneratorSkippedError: the generator declines this data (caller records why).
        """
        data = build_interactions(history)
        self.data_ = None
        self._fit(data, history)
        self.data_ = data
        log.info("%s fitted on %d users x %d items", self.name, *data.matrix.shape)
        return self

    @abstractmethod
    def _fit(self, data: Interactions, history: pd.DataFrame) -> None:
        """Learn the model's attributes from the encoded history."""

    def _scores(self, codes: np.ndarray) -> np.ndarray:
        """Dense float32 scores (len(codes) × n_items) for known user codes."""
        raise NotImplementedError

    def _topk(
        self, codes: np.ndarray, k: int, seen: SeenMode
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """``(rows, item codes, scores)`` sorted by row and rank; rows index ``codes``."""
        scores = self._scores(codes)
        mask_seen(scores, self._fitted().seen[codes], seen)
        return topk_dense(scores, k)

    def _batch_rows(self, n_items: int, seen: SeenMode) -> int:
        """Users per :meth:`_topk` call: as many as keep a dense batch under 64 MB."""
        return max(1, _BATCH_CELLS // max(n_items, 1))

    def recommend(
        self,
        user_ids: Iterable[object],
        k: int,
        *,
        exclude_seen: bool = True,
        only_seen: bool = False,
    ) -> pd.DataFrame:
        """Top ``k`` items per user: ``user_id, item_id, score, rank`` with rank 1..≤k.

        Args:
            user_ids: users to serve (duplicates ignored); unknown ones get no rows unless
                :attr:`serves_unknown_users`.
            k: list length; fewer rows when fewer items qualify.
            exclude_seen: leave out items the user has in the fitted history.
            only_seen: rank only items the user has in the fitted history (the repeat
                task); takes precedence over ``exclude_seen``.

        Raises:
            NotFittedError: ``fit`` has not been called.
        """
        data = self._fitted()
        if k < 1:
            raise ValueError("k must be at least 1")
        mode: SeenMode = "only" if only_seen else "exclude" if exclude_seen else "include"
        given = (
            user_ids if isinstance(user_ids, pd.Series | pd.Index | np.ndarray) else list(user_ids)
        )
        users = pd.Index(given).unique()
        codes = data.users.get_indexer(users)
        pick = np.arange(len(users)) if self.serves_unknown_users else np.flatnonzero(codes >= 0)
        if len(pick) < len(users):
            log.debug("%s: %d unknown users get nothing", self.name, len(users) - len(pick))
        batch = self._batch_rows(data.matrix.shape[1], mode)
        parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]] = []
        for start in range(0, len(pick), batch):
            sel = pick[start : start + batch]
            rows, cols, vals = self._topk(codes[sel], k, mode)
            parts.append((sel[rows], cols, vals))
        return _frame(users, data.items, parts)

    def _fitted(self) -> Interactions:
        if self.data_ is None:
            raise NotFittedError(f"{self.name}: call fit() before recommend()")
        return self.data_


def _frame(
    users: pd.Index, items: pd.Index, parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]]
) -> pd.DataFrame:
    """Assemble the long recommendation frame from per-batch (user pos, item code, score)."""
    if parts:
        upos, icode, score = (np.concatenate(x) for x in zip(*parts, strict=True))
    else:
        upos = icode = np.zeros(0, dtype=np.int64)
        score = np.zeros(0)
    return pd.DataFrame(
        {
            Columns.user_id: users.take(upos),
            Columns.item_id: items.take(icode),
            Columns.score: score.astype(np.float64),
            Columns.rank: rank_within(upos).astype(np.int64),
        }
    )
