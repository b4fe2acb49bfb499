"""Leak-free evaluation splits: temporal windows for event data, a per-user holdout otherwise.

Temporal protocol (``docs/protocol.md``), with ``end`` the midnight after the last event::

    ──────── train_features ────────┬── label window ──┬── test window ──┐
                                label_start        test_start          end
    └──────────── test_features_history ───────────────┘

History parts hold raw events strictly before a window start, with every input column kept;
the target parts (``train_labels``, ``test``) hold one row per (user, item) of the window,
filtered by the task:

- ``discovery``: only items the user had not interacted with before the window;
- ``repeat``: only items the user had interacted with before the window.

Aggregate-only data (no ``ts``) gets a seeded per-user holdout (``protocol == "holdout"``):
20 % of each user's items are the test targets, and 20 % of the rest the label targets.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass
from typing import Any, Literal

import numpy as np
import pandas as pd

from recsys.errors import DataError
from recsys.schema import Columns

__all__ = ["Split", "SplitConfig", "Task", "holdout_split", "make_split", "temporal_split"]

log = logging.getLogger(__name__)

Task = Literal["discovery", "repeat"]

_U, _I, _TS, _W = Columns.user_id, Columns.item_id, Columns.ts, Columns.weight


@dataclass(frozen=True)
class SplitConfig:
    """How to split interactions into history and target windows.

    Attributes:
        test_days: length of the test window (the last days of the log).
        label_days: length of the label window just before the test window.
        task: ``discovery`` (targets are items new to the user) or ``repeat``.
        min_history: a user is a target user of a window only with at least this many
            distinct items in the history before it.
        holdout_fraction: share of each user's items held out (holdout protocol only).
        seed: seed of the holdout draw.
    """

    test_days: int = 28
    label_days: int = 28
    task: Task = "discovery"
    min_history: int = 1
    holdout_fraction: float = 0.2
    seed: int = 42

    def __post_init__(self) -> None:
        if self.test_days < 1 or self.label_days < 1:
            raise ValueError("test_days and label_days must be at least 1")
        if self.task not in ("discovery", "repeat"):
            raise ValueError(f"task must be 'discovery' or 'repeat', not {self.task!r}")
        if self.min_history < 0:
            raise ValueError("min_history must be >= 0")
        if not 0.0 < self.holdout_fraction < 1.0:
            raise ValueError("holdout_fraction must be in (0, 1)")

    def to_dict(self) -> dict[str, Any]:
        """A JSON-friendly dict, saved beside each run."""
        return asdict(self)


@dataclass(frozen=True)
class Split:
    """The four parts of a split, its protocol and its window boundaries.

    Attributes:
        protocol: ``temporal`` or ``holdout`` (reported with every metric).
        config: the config that produced the split.
        train_features: history for the ranker's training features (before ``label_start``).
        train_labels: targets of the label window: ``user_id, item_id, weight[, ts]``.
        test_features_history: history for test-time features and for fitting the
            candidate generators that are evaluated (before ``test_start``).
        test: targets of the test window: ``user_id, item_id, weight[, ts]``.
        label_start: first instant of the label window (None for the holdout).
        test_start: first instant of the test window (None for the holdout).
        end: end of the test window, exclusive (None for the holdout).

    In the target frames ``weight`` is the number of events (or the summed input weight) of
    the pair in the window and ``ts`` the time of its first event there.
    """

    protocol: Literal["temporal", "holdout"]
    config: SplitConfig
    train_features: pd.DataFrame
    train_labels: pd.DataFrame
    test_features_history: pd.DataFrame
    test: pd.DataFrame
    label_start: pd.Timestamp | None = None
    test_start: pd.Timestamp | None = None
    end: pd.Timestamp | None = None

    def summary(self) -> dict[str, Any]:
        """Sizes and boundaries of the parts, for logs and the ``runs`` table."""
        parts = {
            "train_features": self.train_features,
            "train_labels": self.train_labels,
            "test_features_history": self.test_features_history,
            "test": self.test,
        }
        out: dict[str, Any] = {"protocol": self.protocol, "task": self.config.task}
        for name, df in parts.items():
            out[name] = {"rows": len(df), "users": int(df[_U].nunique())}
        for name in ("label_start", "test_start", "end"):
            value = getattr(self, name)
            out[name] = None if value is None else value.isoformat()
        return out


def make_split(interactions: pd.DataFrame, config: SplitConfig | None = None) -> Split:
    """Split temporally when ``interactions`` has a ``ts`` column, else by per-user holdout."""
    config = config or SplitConfig()
    if _TS in interactions.columns:
        return temporal_split(interactions, config)
    return holdout_split(interactions, config)


def temporal_split(interactions: pd.DataFrame, config: SplitConfig | None = None) -> Split:
    """Split event data into the label and test windows of the evaluation protocol.

    Windows are whole days: ``end`` is the midnight after the last event, the test window is
    ``[end - test_days, end)`` and the label window the ``label_days`` before it. Every event
    is in exactly one of ``train_features``, the label window and the test window.

    Args:
        interactions: events with ``user_id, item_id, ts`` and optionally ``weight``; other
            columns are carried into the history parts.
        config: window lengths, task and minimum history.

    Returns:
        The split, with ``protocol == "temporal"``.

    Raises:
        DataError: a required column is missing or has nulls, or the log is empty.
    """
    config = config or SplitConfig()
    _check(interactions, [_U, _I, _TS])
    ts = interactions[_TS]
    end = ts.max().normalize() + pd.Timedelta(days=1)
    test_start = end - pd.Timedelta(days=config.test_days)
    label_start = test_start - pd.Timedelta(days=config.label_days)
    if ts.min() >= label_start:
        log.warning("no event before the label window (%s): training history is empty", label_start)

    before_label = (ts < label_start).to_numpy()
    before_test = (ts < test_start).to_numpy()
    keys = _pair_keys(interactions)
    train_features = interactions.loc[before_label].reset_index(drop=True)
    history = interactions.loc[before_test].reset_index(drop=True)
    labels = _targets(interactions, keys, before_label, before_test & ~before_label, config)
    test = _targets(interactions, keys, before_test, ~before_test, config)
    log.info(
        "temporal split (%s): label window %s, test window %s..%s; %d label and %d test pairs",
        config.task,
        label_start.date(),
        test_start.date(),
        end.date(),
        len(labels),
        len(test),
    )
    return Split(
        protocol="temporal",
        config=config,
        train_features=train_features,
        train_labels=labels,
        test_features_history=history,
        test=test,
        label_start=label_start,
        test_start=test_start,
        end=end,
    )


def holdout_split(interactions: pd.DataFrame, config: SplitConfig | None = None) -> Split:
    """Seeded per-user holdout for aggregate-only data (no timestamps).

    Pairs are first summed per (user, item). For each user, ``round(fraction * n)`` of their
    n items, drawn at random with ``config.seed``, become the test targets; the same draw on
    the remaining items gives the label targets. A user keeps all items in the history when
    fewer than ``min_history`` would remain. The result does not depend on the row order.

    Args:
        interactions: ``user_id, item_id`` and optionally ``weight`` (plays); ``ts`` ignored.
        config: holdout fraction, seed and minimum history; ``task`` must be ``discovery``.

    Returns:
        The split, with ``protocol == "holdout"``; history parts have ``user_id, item_id,
        weight``.

    Raises:
        DataError: a required column is missing or has nulls.
        ValueError: the task is ``repeat``, which needs timestamps.
    """
    config = config or SplitConfig()
    if config.task != "discovery":
        raise ValueError("the repeat task needs timestamps; the holdout supports discovery only")
    _check(interactions, [_U, _I])
    weight = interactions[_W] if _W in interactions.columns else 1.0
    pairs = (
        interactions.assign(**{_W: weight}).groupby([_U, _I], as_index=False, sort=True)[_W].sum()
    )
    rng = np.random.default_rng(config.seed)
    history, test = _holdout(pairs, config, rng)
    train_features, labels = _holdout(history, config, rng)
    log.info("holdout split: %d label and %d test pairs", len(labels), len(test))
    return Split("holdout", config, train_features, labels, history, test)


def _check(df: pd.DataFrame, columns: list[str]) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise DataError(f"interactions: missing column(s) {', '.join(missing)}")
    for c in columns:
        if df[c].isna().any():
            row = int(np.flatnonzero(df[c].isna().to_numpy())[0])
            raise DataError(f"interactions: record {row}: field {c} is null")
    if df.empty:
        raise DataError("interactions: no records")


def _pair_keys(df: pd.DataFrame) -> tuple[np.ndarray, int]:
    """One int64 per row identifying its (user, item) pair (user code × n_items + item code)."""
    u, _ = pd.factorize(df[_U])
    i, items = pd.factorize(df[_I])
    n_items = max(len(items), 1)
    return u.astype(np.int64) * n_items + i, n_items


def _targets(
    df: pd.DataFrame,
    keys: tuple[np.ndarray, int],
    before: np.ndarray,
    window: np.ndarray,
    cfg: SplitConfig,
) -> pd.DataFrame:
    """Window pairs filtered by task and by the user's history size."""
    key, n_items = keys
    seen = _sorted_unique(key[before])
    win = df.loc[window, [_U, _I, _TS]].assign(_key=key[window])
    win[_W] = df.loc[window, _W].to_numpy() if _W in df.columns else 1.0
    agg = win.groupby("_key", sort=True).agg(
        **{_U: (_U, "first"), _I: (_I, "first"), _W: (_W, "sum"), _TS: (_TS, "min")}
    )
    had = _contains(seen, agg.index.to_numpy())
    agg = agg.loc[(~had if cfg.task == "discovery" else had) & (agg[_W] > 0).to_numpy()]
    if cfg.min_history > 0:
        n_hist = np.bincount(seen // n_items, minlength=int(key.max()) // n_items + 1)
        agg = agg.loc[n_hist[agg.index.to_numpy() // n_items] >= cfg.min_history]
    return agg.sort_values([_U, _I]).reset_index(drop=True)[[_U, _I, _W, _TS]]


def _sorted_unique(values: np.ndarray) -> np.ndarray:
    """Sorted distinct values (sort-based: numpy 2.4's hash-based ``unique`` is slower here)."""
    values = np.sort(values)
    return values[np.r_[True, values[1:] != values[:-1]]] if len(values) else values


def _contains(sorted_values: np.ndarray, queries: np.ndarray) -> np.ndarray:
    """Whether each query occurs in ``sorted_values``."""
    if len(sorted_values) == 0:
        return np.zeros(len(queries), dtype=bool)
    pos = np.minimum(np.searchsorted(sorted_values, queries), len(sorted_values) - 1)
    return sorted_values[pos] == queries


def _holdout(
    pairs: pd.DataFrame, cfg: SplitConfig, rng: np.random.Generator
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split sorted (user, item, weight) pairs into (kept, held out) per user."""
    pairs = pairs.sort_values([_U, _I]).reset_index(drop=True)
    draw = pd.Series(rng.random(len(pairs)), index=pairs.index)
    order = draw.groupby(pairs[_U]).rank(method="first").to_numpy()
    n = pairs.groupby(_U)[_I].transform("size").to_numpy()
    n_out = np.floor(cfg.holdout_fraction * n + 0.5)
    n_out[n - n_out < max(cfg.min_history, 1)] = 0
    out = order <= n_out
    return pairs.loc[~out].reset_index(drop=True), pairs.loc[out].reset_index(drop=True)
