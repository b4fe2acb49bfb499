"""Vectorised sampling helpers: many draws from many different distributions, no Python loop."""

from __future__ import annotations

import numpy as np

__all__ = ["resolve_roots", "rowwise_choice", "segment_choice", "segment_mass"]


def segment_mass(cum: np.ndarray, start: np.ndarray, stop: np.ndarray) -> np.ndarray:
    """Total weight of ``w[start:stop]`` for each query, given ``cum = np.cumsum(w)``."""
    base = np.where(start > 0, cum[np.maximum(start - 1, 0)], 0.0)
    top = np.where(stop > 0, cum[np.maximum(stop - 1, 0)], 0.0)
    return top - base


def segment_choice(
    cum: np.ndarray, start: np.ndarray, stop: np.ndarray, u: np.ndarray
) -> np.ndarray:
    """Draw one index from ``[start_i, stop_i)`` with probability proportional to the weights.

    Args:
        cum: inclusive cumulative sum of non-negative weights, ``np.cumsum(w)``.
        start: first index of each query's segment.
        stop: one past the last index; callers ensure ``stop > start`` and a positive mass.
        u: uniform draws in [0, 1), one per query.

    Returns:
        The drawn indices into ``w``.
    """
    base = np.where(start > 0, cum[np.maximum(start - 1, 0)], 0.0)
    top = cum[stop - 1]
    idx = np.searchsorted(cum, base + u * (top - base), side="right")
    return np.clip(idx, start, stop - 1)


def rowwise_choice(probs: np.ndarray, rows: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Draw a column for each query from the categorical distribution in ``probs[row]``.

    Each row's CDF is shifted by the row number, so one ``searchsorted`` over the flattened
    array answers every query at once.

    Args:
        probs: (n_rows, k) non-negative weights; each row must have a positive sum.
        rows: the row each query draws from.
        u: uniform draws in [0, 1).

    Returns:
        Column indices in ``[0, k)``.
    """
    n_rows, k = probs.shape
    cdf = np.cumsum(probs, axis=1)
    cdf /= cdf[:, -1:]
    flat = (cdf + np.arange(n_rows, dtype=np.float64)[:, None]).ravel()
    idx = np.searchsorted(flat, rows + u * (1.0 - 1e-12), side="right")
    return np.clip(idx - rows * k, 0, k - 1)


def resolve_roots(parent: np.ndarray) -> np.ndarray:
    """Follow parent pointers to their roots (``parent[i] == i``) by pointer doubling.

    Every pointer must lead to a root (pointers only go backwards in time here), so this takes
    about log2(longest chain) vectorised steps.
    """
    p = parent.copy()
    while True:
        nxt = p[p]
        if np.array_equal(nxt, p):
            return p
        p = nxt
