"""Recent popularity: the baseline every other model has to beat, and the cold-start fallback."""

from __future__ import annotations

import logging
from typing import Literal

import numpy as np
import pandas as pd

from recsys.model.candidates._base import (
    _BATCH_CELLS,
    Interactions,
    MatrixGenerator,
    SeenMode,
    rank_within,
)
from recsys.schema import Columns

__all__ = ["MostPopular"]

log = logging.getLogger(__name__)


class MostPopular(MatrixGenerator):
    """Items ranked by how popular they were in the last ``window_days`` of the history.

    Popularity counts distinct users (``count="users"``, robust to one person's binge) or
    events (summed ``weight`` if present). Ties, and items not played in the window, are
    ordered by all-time popularity and then by item id, so every known item has a rank. The
    ``score`` is the recent count. Serves users unknown to the history too (the same list).

    Args:
        window_days: length of the recent window ending at the last event of the history;
            None, or a history without ``ts``, means all time.
        count: what is counted, ``users`` or ``events``.
        name: generator name.
    """

    serves_unknown_users = True

    def __init__(
        self,
        window_days: int | None = 28,
        *,
        count: Literal["users", "events"] = "users",
        name: str = "most_popular",
    ) -> None:
        super().__init__(name)
        if window_days is not None and window_days < 1:
            raise ValueError("window_days must be >= 1 or None")
        if count not in ("users", "events"):
            raise ValueError("count must be 'users' or 'events'")
        self.window_days = window_days
        self.count = count
        self.popularity_: np.ndarray | None = None
        """Recent count per item code (the score)."""
        self.order_: np.ndarray | None = None
        """Item codes from most to least popular."""
        self.position_: np.ndarray | None = None
        """Position of each item code in ``order_``."""

    def _fit(self, data: Interactions, history: pd.DataFrame) -> None:
        all_time = self._counts(data, history)
        recent = all_time
        if self.window_days is not None and Columns.ts in history.columns:
            ts = history[Columns.ts]
            cutoff = ts.max() - pd.Timedelta(days=self.window_days)
            recent = self._counts(data, history.loc[ts > cutoff])
        elif self.window_days is not None:
            log.info("%s: history has no ts; popularity is all-time", self.name)
        n = len(data.items)
        self.popularity_ = recent
        self.order_ = np.lexsort((np.arange(n), -all_time, -recent))
        self.position_ = np.empty(n, dtype=np.int64)
        self.position_[self.order_] = np.arange(n)

    def _counts(self, data: Interactions, frame: pd.DataFrame) -> np.ndarray:
        codes = data.items.get_indexer(frame[Columns.item_id])
        if self.count == "users":
            pairs = pd.DataFrame({"u": frame[Columns.user_id].to_numpy(), "i": codes})
            codes = pairs.drop_duplicates()["i"].to_numpy()
            weights = None
        else:
            weights = frame[Columns.weight].to_numpy() if Columns.weight in frame else None
        return np.bincount(codes, weights=weights, minlength=len(data.items)).astype(np.float64)

    def _topk(
        self, codes: np.ndarray, k: int, seen: SeenMode
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Walk down the global order, skipping (or keeping only) each user's seen items."""
        data = self._fitted()
        assert self.order_ is not None and self.position_ is not None
        assert self.popularity_ is not None
        known = np.flatnonzero(codes >= 0)
        history = data.seen[codes[known]]
        hist_rows = np.repeat(known, np.diff(history.indptr))
        hist_pos = self.position_[history.indices]
        if seen == "only":
            order = np.lexsort((hist_pos, hist_rows))
            rows, pos = hist_rows[order], hist_pos[order]
            keep = rank_within(rows) <= k
            rows, items = rows[keep], self.order_[pos[keep]]
            return rows, items, self.popularity_[items]
        n_seen = np.bincount(hist_rows, minlength=len(codes)) if seen == "exclude" else None
        rows_out, cols_out = [], []
        step = max(1, _BATCH_CELLS // (k + (0 if n_seen is None else int(n_seen.max(initial=0)))))
        for start in range(0, len(codes), step):
            stop = min(start + step, len(codes))
            extra = 0 if n_seen is None else int(n_seen[start:stop].max(initial=0))
            pool = self.order_[: min(len(self.order_), k + extra)]
            free = np.ones((stop - start, len(pool)), dtype=bool)
            if n_seen is not None:
                mine = (hist_rows >= start) & (hist_rows < stop) & (hist_pos < len(pool))
                free[hist_rows[mine] - start, hist_pos[mine]] = False
            r, p = np.nonzero(free & (np.cumsum(free, axis=1) <= k))
            rows_out.append(r + start)
            cols_out.append(pool[p])
        if not rows_out:
            return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros(0)
        items = np.concatenate(cols_out)
        return np.concatenate(rows_out), items, self.popularity_[items]
