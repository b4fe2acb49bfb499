"""Post-processing re-rankers: greedy list construction over each listener's candidates.

Every re-ranker works on all listeners at once, on dense ``users x candidates`` matrices
(:class:`Candidates`): at each of the ``k`` positions it scores every candidate not yet
chosen by ``(1 − λ) · relevance + λ · objective`` and takes the best. ``λ`` (the strength)
0 keeps the ranker's order; 1 optimises the objective alone. Relevance is the ranker's score
scaled to [0, 1] within each listener's candidates (min-max), so that λ means the same for
every listener.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

import numpy as np

__all__ = [
    "RERANKERS",
    "Candidates",
    "calibrated",
    "long_tail_xquad",
    "provider_exposure",
    "scaled_scores",
]

_EMPTY: Final = -np.inf


@dataclass(frozen=True)
class Candidates:
    """Every listener's candidates as aligned matrices (a row per listener).

    Attributes:
        users: listener ids, one per row.
        items: ``users x C`` item ids (−1 where a listener has fewer candidates).
        relevance: ``users x C`` scaled scores in [0, 1] (−inf where there is no candidate).
        genres: ``users x C x G`` each candidate's genre mix (zeros when untagged).
        history_mix: ``users x G`` each listener's history genre mix (the calibration target).
        tail: ``users x C`` whether the candidate is a long-tail item.
        tail_share: per listener, the long-tail share of their profile (``P(tail | u)``).
        in_group: ``users x C`` whether the candidate's artist is in the target group.
    """

    users: np.ndarray
    items: np.ndarray
    relevance: np.ndarray
    genres: np.ndarray
    history_mix: np.ndarray
    tail: np.ndarray
    tail_share: np.ndarray
    in_group: np.ndarray


def scaled_scores(scores: np.ndarray) -> np.ndarray:
    """Min-max scale each row's finite scores to [0, 1] (a constant row becomes 1)."""
    finite = np.isfinite(scores)
    lo = np.where(finite, scores, np.inf).min(axis=1, keepdims=True)
    hi = np.where(finite, scores, -np.inf).max(axis=1, keepdims=True)
    span = np.where(hi > lo, hi - lo, 1.0)
    out = np.where(finite, (scores - lo) / span, _EMPTY)
    return np.where(finite & (hi == lo), 1.0, out)


def _greedy(
    cands: Candidates,
    k: int,
    objective: Callable[[int, np.ndarray, np.ndarray], np.ndarray],
    strength: float,
) -> np.ndarray:
    """Positions (``users x k`` column indices, −1 when exhausted) picked greedily.

    ``objective(step, last, chosen)`` scores every candidate given the column picked at the
    previous step (``last``, −1 for none) and the mask of those picked so far.
    """
    n_users, n_cands = cands.relevance.shape
    chosen = np.zeros((n_users, n_cands), dtype=bool)
    picks = np.full((n_users, min(k, n_cands)), -1)
    last = np.full(n_users, -1)
    for step in range(picks.shape[1]):
        with np.errstate(invalid="ignore"):  # 0 x -inf (no candidate) is masked just below
            gain = (1.0 - strength) * cands.relevance
        if strength > 0:  # the objective keeps its state only when it is used at every step
            gain = gain + strength * objective(step, last, chosen)
        gain = np.where(chosen | ~np.isfinite(cands.relevance), _EMPTY, gain)
        best = np.argmax(gain, axis=1)
        ok = np.isfinite(gain[np.arange(n_users), best])
        last = np.where(ok, best, -1)
        picks[:, step] = last
        chosen[np.flatnonzero(ok), best[ok]] = True
    return picks


def _at(matrix: np.ndarray, cols: np.ndarray) -> np.ndarray:
    """``matrix[u, cols[u]]`` for every row, zeros where ``cols`` is −1."""
    rows = np.arange(len(cols))
    got = matrix[rows, np.maximum(cols, 0)]
    mask = (cols >= 0).reshape((-1,) + (1,) * (got.ndim - 1))
    return np.where(mask, got, 0)


def calibrated(cands: Candidates, k: int, strength: float, alpha: float = 0.01) -> np.ndarray:
    """Steck's calibrated re-ranking: maximise ``(1 − λ) Σ s(i) − λ C_KL(p, q(S ∪ {i}))``.

    ``C_KL`` is the miscalibration of the list built so far plus the candidate against the
    history mix ``p``, with ``q~ = (1 − α) q + α p``. Source: Steck, "Calibrated
    recommendations", RecSys 2018, Eq. (6), greedy as in his §4.
    """
    p = cands.history_mix.astype(np.float32)[:, None, :]
    genres = cands.genres.astype(np.float32)
    # log(p / q~) summed with weights p: only -Σ p log q~ depends on the candidate; genres the
    # history lacks (p = 0) get q~ + 1 so that their zero weight meets a finite logarithm
    fix = (p == 0).astype(np.float32)
    mass = np.zeros(p.shape, dtype=np.float32)
    count = np.zeros((len(p), 1, 1), dtype=np.float32)

    def objective(step: int, last: np.ndarray, chosen: np.ndarray) -> np.ndarray:
        nonlocal mass, count
        mass = mass + _at(genres, last)[:, None, :]
        count = count + (last >= 0)[:, None, None]
        q_s = (1.0 - alpha) * (mass + genres) / (count + 1.0) + alpha * p + fix
        return (p * np.log(q_s)).sum(axis=2, dtype=np.float64)

    return _greedy(cands, k, objective, strength)


def long_tail_xquad(cands: Candidates, k: int, strength: float) -> np.ndarray:
    """Popularity-aware re-ranking in the manner of xQuAD, with head and tail as the aspects.

    ``score(i) = (1 − λ) s(i) + λ Σ_{c∈{head,tail}} P(c|u) 1[i ∈ c] (1 − |S ∩ c| / |S|)``,
    ``P(tail|u)`` the long-tail share of the listener's profile (the coverage term is 1 for
    an empty list): a listener who plays the tail gets tail items until the list covers it.
    Source: Abdollahpouri, Burke & Mobasher, "Managing popularity bias in recommender systems
    with personalized re-ranking", FLAIRS 2019 (smooth variant); Santos et al., WWW 2010.
    """
    p_tail = cands.tail_share[:, None]
    tail = cands.tail.astype(np.float64)
    n_tail = np.zeros(len(tail))
    count = np.zeros(len(tail))

    def objective(step: int, last: np.ndarray, chosen: np.ndarray) -> np.ndarray:
        nonlocal n_tail, count
        n_tail = n_tail + _at(tail, last)
        count = count + (last >= 0)
        share = np.where(count > 0, n_tail / np.maximum(count, 1.0), 0.0)[:, None]
        cover_tail = np.where(count[:, None] > 0, 1.0 - share, 1.0)
        cover_head = np.where(count[:, None] > 0, share, 1.0)
        return p_tail * tail * cover_tail + (1.0 - p_tail) * (1.0 - tail) * cover_head

    return _greedy(cands, k, objective, strength)


def provider_exposure(cands: Candidates, k: int, strength: float, target: float) -> np.ndarray:
    """Re-ranking toward a target exposure share of one artist group.

    ``score(i) = (1 − λ) s(i) + λ 1[i ∈ G] max(0, τ − e_S) / τ`` with ``e_S`` the
    position-discounted exposure share of group G in the list so far (0 for an empty list)
    and τ the target share: group items are lifted while the list gives the group less than
    τ. After the exposure-constrained ranking of Singh & Joachims, KDD 2018, as a greedy rule.
    """
    if not 0.0 < target <= 1.0:
        raise ValueError("the target share must be in (0, 1]")
    group = cands.in_group.astype(np.float64)
    exposed = np.zeros(len(group))
    total = np.zeros(len(group))

    def objective(step: int, last: np.ndarray, chosen: np.ndarray) -> np.ndarray:
        nonlocal exposed, total
        if step > 0:
            w = (last >= 0) / np.log2(step + 1.0)
            exposed = exposed + w * _at(group, last)
            total = total + w
        share = np.where(total > 0, exposed / np.maximum(total, 1e-12), 0.0)
        return group * (np.maximum(0.0, target - share) / target)[:, None]

    return _greedy(cands, k, objective, strength)


RERANKERS: Final = ("calibrated", "long_tail", "provider")
"""The re-rankers, in page order."""
