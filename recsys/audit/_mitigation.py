"""Trade-off curves of the re-rankers on the test window: NDCG@10 against what each targets.

The evaluated ranker's candidates for the test users are re-ranked at every strength of the
grid; each re-ranked top k is scored against the test truth (NDCG@10, binary relevance, as the
run's own evaluation) and on the metric the re-ranker targets: miscalibration (calibrated),
the long-tail share (long tail) or the target group's exposure share (provider).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from recsys.audit._bootstrap import UNKNOWN
from recsys.audit._data import AuditData
from recsys.audit._popularity import aplt
from recsys.audit._rerank import (
    RERANKERS,
    Candidates,
    calibrated,
    long_tail_xquad,
    provider_exposure,
    scaled_scores,
)
from recsys.schema import Columns

__all__ = ["Target", "TradeOff", "candidate_matrices", "choose_target", "trade_off"]

_U, _I = Columns.user_id, Columns.item_id


@dataclass(frozen=True)
class Target:
    """The artist group the provider re-ranker lifts, and the share it aims at.

    Attributes:
        attribute: the grouping (e.g. ``artist_gender``).
        group: the group (e.g. ``female``).
        share: the target exposure share (the group's share of the reference).
        reference: what the share comes from (``oracle`` or ``catalogue``).
    """

    attribute: str
    group: str
    share: float
    reference: str


@dataclass(frozen=True)
class TradeOff:
    """The curves and the re-ranked lists of every re-ranker.

    Attributes:
        curves: ``reranker, strength, ndcg, target_metric, target_value``.
        lists: ``reranker, strength, user_id, rank, item_id``.
        target: the provider re-ranker's target (None when no group could be chosen).
    """

    curves: pd.DataFrame
    lists: pd.DataFrame
    target: Target | None


def choose_target(figures: pd.DataFrame) -> Target | None:
    """The most under-exposed artist group, by gender where it is known, else by popularity.

    Among groups that are neither suppressed nor unknown, the one with the lowest exposure
    ratio against the oracle (or, without an oracle, the catalogue); its reference share is
    the target.
    """
    art = figures.loc[(figures["side"] == "artist") & (figures["verdict"] != "suppressed")]
    art = art.loc[art["group"] != UNKNOWN]
    for reference in ("oracle", "catalogue"):
        ref = art.loc[art["metric"] == f"exposure_vs_{reference}"].dropna(subset=["ratio"])
        for key in ("artist_gender", "artist_popularity"):
            rows = ref.loc[ref["group_attribute"] == key]
            if len(rows):
                row = rows.sort_values(["ratio", "group"]).iloc[0]
                return Target(key, str(row["group"]), float(row["reference"]), reference)
    return None


def candidate_matrices(
    data: AuditData,
    candidates: pd.DataFrame,
    n_candidates: int,
    in_group: pd.Series | None = None,
) -> Candidates:
    """Dense matrices of each listener's best ``n_candidates`` (by ``rank``) for re-ranking.

    Args:
        data: the warehouse before the test window (history, genres, the long tail).
        candidates: ``user_id, item_id, score, rank`` from the evaluated ranker.
        n_candidates: candidates per listener kept.
        in_group: whether each artist is in the provider target group (index ``artist_id``).
    """
    top = candidates.loc[candidates["rank"] <= n_candidates, [_U, _I, "score", "rank"]]
    top = top.sort_values([_U, "rank"], kind="stable")
    users, rows = np.unique(top[_U].to_numpy(), return_inverse=True)
    cols = top.groupby(_U).cumcount().to_numpy()
    width = int(cols.max()) + 1 if len(cols) else 1
    shape = (len(users), width)
    items = np.full(shape, -1, dtype=np.int64)
    items[rows, cols] = top[_I].to_numpy()
    scores = np.full(shape, -np.inf)
    scores[rows, cols] = top["score"].to_numpy(dtype=np.float64)
    parents = data.item_parents
    genre_ids = np.sort(parents["genre_id"].unique())
    item_pos = pd.Index(np.unique(top[_I].to_numpy()))
    mix = np.zeros((len(item_pos), max(len(genre_ids), 1)))
    known = parents.loc[parents[_I].isin(item_pos)]
    mix[item_pos.get_indexer(known[_I]), np.searchsorted(genre_ids, known["genre_id"])] = known[
        "weight"
    ].to_numpy()
    genres = np.zeros((*shape, mix.shape[1]))
    genres[rows, cols] = mix[item_pos.get_indexer(top[_I])]
    tail = np.zeros(shape, dtype=bool)
    tail[rows, cols] = data.tail.reindex(top[_I]).fillna(True).to_numpy(dtype=bool)
    group = np.zeros(shape, dtype=bool)
    if in_group is not None:
        artist = data.item_artist.reindex(top[_I]).to_numpy()
        group[rows, cols] = in_group.reindex(artist).fillna(False).to_numpy(dtype=bool)
    return Candidates(
        users=users,
        items=items,
        relevance=scaled_scores(scores),
        genres=genres,
        history_mix=_history_mix(data, users, genre_ids),
        tail=tail,
        tail_share=_tail_share(data, users),
        in_group=group,
    )


def _history_mix(data: AuditData, users: np.ndarray, genre_ids: np.ndarray) -> np.ndarray:
    from recsys.audit._calibration import genre_mix

    hist = data.history.loc[data.history[_U].isin(users)]
    mix = genre_mix(hist, data.item_parents, weight="plays")
    out = np.zeros((len(users), max(len(genre_ids), 1)))
    out[np.searchsorted(users, mix[_U]), np.searchsorted(genre_ids, mix["genre_id"])] = mix[
        "share"
    ].to_numpy()
    return out


def _tail_share(data: AuditData, users: np.ndarray) -> np.ndarray:
    hist = data.history.loc[data.history[_U].isin(users), [_U, _I]].drop_duplicates()
    return aplt(hist, data.tail).reindex(users).fillna(0.0).to_numpy()


def _ndcg(cands: Candidates, picks: np.ndarray, truth: pd.DataFrame, k: int) -> float:
    """Mean NDCG@k (binary) over the truth's listeners; those without candidates score 0."""
    rel_pairs = truth[[_U, _I]].drop_duplicates()
    n_rel = rel_pairs.groupby(_U).size()
    key = pd.MultiIndex.from_frame(rel_pairs)
    chosen = _picked(cands.items, picks)
    flat = pd.MultiIndex.from_arrays([np.repeat(cands.users, picks.shape[1]), chosen.ravel()])
    hits = flat.isin(key).reshape(picks.shape) & (picks >= 0)
    discount = 1.0 / np.log2(np.arange(2, picks.shape[1] + 2))
    dcg = pd.Series(hits @ discount, index=cands.users)
    ideal_cum = np.concatenate([[0.0], np.cumsum(1.0 / np.log2(np.arange(2, k + 2)))])
    idcg = ideal_cum[np.minimum(n_rel.to_numpy(), k)]
    per_user = dcg.reindex(n_rel.index).fillna(0.0).to_numpy() / idcg
    return float(per_user.mean()) if len(per_user) else float("nan")


def _picked(items: np.ndarray, picks: np.ndarray) -> np.ndarray:
    return np.where(picks >= 0, np.take_along_axis(items, np.maximum(picks, 0), axis=1), -1)


def _target_value(name: str, cands: Candidates, picks: np.ndarray, alpha: float) -> float:
    ok = picks >= 0
    if name == "long_tail":
        tail = np.take_along_axis(cands.tail, np.maximum(picks, 0), axis=1) & ok
        return float((tail.sum(axis=1) / np.maximum(ok.sum(axis=1), 1)).mean())
    if name == "provider":
        group = np.take_along_axis(cands.in_group, np.maximum(picks, 0), axis=1) & ok
        w = ok / np.log2(np.arange(2, picks.shape[1] + 2))[None, :]
        return float((w * group).sum() / w.sum())
    g = cands.genres[np.arange(len(picks))[:, None], np.maximum(picks, 0)] * ok[..., None]
    q = g.sum(axis=1) / np.maximum(ok.sum(axis=1), 1)[:, None]
    p = cands.history_mix
    q_s = (1.0 - alpha) * q + alpha * p
    with np.errstate(divide="ignore", invalid="ignore"):
        kl = np.where(p > 0, p * np.log(p / q_s), 0.0).sum(axis=1)
    has = p.sum(axis=1) > 0
    return float(kl[has].mean()) if has.any() else float("nan")


TARGET_METRICS: dict[str, str] = {
    "calibrated": "miscalibration",
    "long_tail": "aplt",
    "provider": "exposure_share",
}
"""The metric each re-ranker targets."""


def trade_off(
    data: AuditData,
    candidates: pd.DataFrame,
    truth: pd.DataFrame,
    target: Target | None,
    in_group: pd.Series | None,
) -> TradeOff:
    """Every re-ranker at every strength of the grid: its curve point and its lists."""
    cfg = data.config
    cands = candidate_matrices(data, candidates, cfg.rerank_candidates, in_group)
    k = cfg.k
    curves, lists = [], []
    for name in RERANKERS:
        if name == "provider" and target is None:
            continue
        for strength in cfg.strengths:
            if name == "calibrated":
                picks = calibrated(cands, k, strength, cfg.calibration_alpha)
            elif name == "long_tail":
                picks = long_tail_xquad(cands, k, strength)
            else:
                assert target is not None
                picks = provider_exposure(cands, k, strength, target.share)
            curves.append(
                {
                    "reranker": name,
                    "strength": strength,
                    "ndcg": _ndcg(cands, picks, truth, k),
                    "target_metric": TARGET_METRICS[name],
                    "target_value": _target_value(name, cands, picks, cfg.calibration_alpha),
                }
            )
            chosen = _picked(cands.items, picks)
            frame = pd.DataFrame(
                {
                    _U: np.repeat(cands.users, picks.shape[1]),
                    "rank": np.tile(np.arange(1, picks.shape[1] + 1), len(cands.users)),
                    _I: chosen.ravel(),
                }
            )
            lists.append(frame.loc[frame[_I] >= 0].assign(reranker=name, strength=strength))
    out = pd.concat(lists, ignore_index=True) if lists else pd.DataFrame()
    cols = ["reranker", "strength", _U, "rank", _I]
    return TradeOff(pd.DataFrame(curves), out[cols] if len(out) else out, target)
