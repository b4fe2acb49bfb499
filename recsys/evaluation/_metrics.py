"""Top-k accuracy metrics over long-format recommendation and truth frames.

``reco`` has ``user_id, item_id, rank`` (rank 1 is the top; ties and gaps are resolved by
sorting, so ``pos`` below is the 1-based position in the user's list). ``truth`` has
``user_id, item_id`` and, for graded gains, ``weight``. Every metric returns one value per
user of ``truth`` ∪ ``reco``: users with no truth item get NaN (excluded from the mean),
users with truth but no recommendation get 0.

This module must not import the model code: evaluation is independent of what it measures.
"""

from __future__ import annotations

import math
from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import ClassVar

import numpy as np
import pandas as pd

from recsys.errors import DataError
from recsys.schema import Columns

__all__ = ["MAP", "MRR", "NDCG", "CandidateRecall", "HitRate", "Metric", "Prepared", "Recall"]

_U, _I, _W, _R = Columns.user_id, Columns.item_id, Columns.weight, Columns.rank
_POS, _GAIN = "pos", "gain"


@dataclass(frozen=True)
class Prepared:
    """Recommendations matched against the truth once, so several metrics can share the work.

    Attributes:
        users: every user of truth ∪ reco, sorted.
        truth: relevant pairs ``user_id, item_id, gain`` (gain 1 unless graded).
        hits: relevant recommended pairs ``user_id, pos, gain``, sorted by user and pos.
        n_relevant: number of relevant items per truth user.
    """

    users: pd.Index
    truth: pd.DataFrame
    hits: pd.DataFrame
    n_relevant: pd.Series

    @classmethod
    def build(
        cls, reco: pd.DataFrame, truth: pd.DataFrame, k: int | None = None, *, graded: bool = False
    ) -> Prepared:
        """Cut ``reco`` to its top ``k`` (all when None) and match it against ``truth``."""
        top = _positions(reco, k)
        rel = _relevant(truth, graded)
        hits = top.merge(rel, on=[_U, _I], how="inner")[[_U, _POS, _GAIN]]
        hits = hits.sort_values([_U, _POS], kind="stable").reset_index(drop=True)
        users = pd.Index(pd.unique(pd.concat([rel[_U], top[_U]], ignore_index=True)))
        return cls(users.sort_values(), rel, hits, rel.groupby(_U).size())

    def cut(self, k: int | None) -> pd.DataFrame:
        """Hits within the top ``k``."""
        return self.hits if k is None else self.hits.loc[self.hits[_POS] <= k]

    def per_user(self, values: pd.Series) -> pd.Series:
        """Spread values of some truth users to every user: 0 for other truth users, NaN else."""
        out = pd.Series(np.nan, index=self.users, dtype=np.float64)
        out.loc[self.n_relevant.index] = values.reindex(self.n_relevant.index).fillna(0.0)
        out.index.name = _U
        return out


class Metric(ABC):
    """A per-user metric; ``calc`` is the mean over users with at least one truth item."""

    name: ClassVar[str]
    graded: bool = False

    def label(self, k: int | None) -> str:
        """Column name of the metric at cutoff ``k`` (``ndcg@10``)."""
        return self.name if k is None else f"{self.name}@{k}"

    def calc_per_user(
        self, reco: pd.DataFrame, truth: pd.DataFrame, k: int | None = None
    ) -> pd.Series:
        """Value per user (index ``user_id``); NaN for users without truth items."""
        return self.from_prepared(Prepared.build(reco, truth, k, graded=self.graded), k)

    def calc(self, reco: pd.DataFrame, truth: pd.DataFrame, k: int | None = None) -> float:
        """Mean over users with truth items (NaN if there are none)."""
        values = self.calc_per_user(reco, truth, k).dropna()
        return float(values.mean()) if len(values) else math.nan

    @abstractmethod
    def from_prepared(self, prep: Prepared, k: int | None) -> pd.Series:
        """The per-user values from a :class:`Prepared` match (built with cutoff ≥ k)."""


class HitRate(Metric):
    """HitRate@k = 1 if any of the top k is relevant, else 0.

    Source: Deshpande & Karypis, "Item-based top-N recommendation algorithms", TOIS 2004.
    """

    name = "hit"

    def from_prepared(self, prep: Prepared, k: int | None) -> pd.Series:
        hits = prep.cut(k)
        return prep.per_user(pd.Series(1.0, index=pd.unique(hits[_U])))


class Recall(Metric):
    """Recall@k = |relevant ∩ top k| / |relevant| (denominator not capped at k).

    Source: Manning, Raghavan & Schütze, Introduction to Information Retrieval, 2008, §8.3.
    """

    name = "recall"

    def from_prepared(self, prep: Prepared, k: int | None) -> pd.Series:
        n_hits = prep.cut(k).groupby(_U).size()
        return prep.per_user(n_hits / prep.n_relevant)


class CandidateRecall(Recall):
    """Candidate recall = |relevant ∩ candidates| / |relevant|: the re-ranker's ceiling.

    Recall of the whole candidate set (``k=None``) or of each user's top ``k`` candidates.
    """

    name = "candidate_recall"


class MRR(Metric):
    """MRR@k = 1 / pos of the first relevant item within the top k (0 if none).

    Source: Voorhees, "The TREC-8 Question Answering Track Report", 1999.
    """

    name = "mrr"

    def from_prepared(self, prep: Prepared, k: int | None) -> pd.Series:
        first = prep.cut(k).groupby(_U)[_POS].min()
        return prep.per_user(1.0 / first)


class MAP(Metric):
    """MAP@k: mean over users of AP@k = Σ_{i≤k} P@i · rel_i / min(|relevant|, k).

    P@i is the precision of the top i and rel_i is 1 when the item at i is relevant; the
    ``min(·, k)`` denominator makes a perfect list score 1 (as ``ml_metrics.apk``, Hamner
    2012; AP in Manning et al. 2008, §8.4). With ``k=None`` the denominator is |relevant|.
    """

    name = "map"

    def from_prepared(self, prep: Prepared, k: int | None) -> pd.Series:
        hits = prep.cut(k)
        n_before = hits.groupby(_U).cumcount() + 1
        ap = (n_before / hits[_POS]).groupby(hits[_U]).sum()
        denom = prep.n_relevant if k is None else prep.n_relevant.clip(upper=k)
        return prep.per_user(ap / denom.reindex(ap.index))


class NDCG(Metric):
    """NDCG@k = DCG@k / IDCG@k with DCG@k = Σ_{i≤k} g_i / log2(i + 1).

    g_i is 1 for a relevant item (binary) or its truth ``weight`` (graded, linear gain);
    IDCG@k is the DCG of the user's truth items sorted by gain, truncated at k. Source:
    Järvelin & Kekäläinen, "Cumulated gain-based evaluation of IR techniques", TOIS 2002.

    Args:
        graded: use ``truth.weight`` as the gain instead of 1.
    """

    name = "ndcg"

    def __init__(self, graded: bool = False) -> None:
        self.graded = graded

    def from_prepared(self, prep: Prepared, k: int | None) -> pd.Series:
        hits = prep.cut(k)
        dcg = (hits[_GAIN] / np.log2(hits[_POS] + 1.0)).groupby(hits[_U]).sum()
        ideal = prep.truth.sort_values([_U, _GAIN], ascending=[True, False], kind="stable")
        ipos = ideal.groupby(_U).cumcount() + 1
        ideal = ideal.loc[ipos <= k] if k is not None else ideal
        ipos = ipos.loc[ideal.index]
        idcg = (ideal[_GAIN] / np.log2(ipos + 1.0)).groupby(ideal[_U]).sum()
        return prep.per_user(dcg / idcg.reindex(dcg.index))


def _positions(reco: pd.DataFrame, k: int | None) -> pd.DataFrame:
    """``user_id, item_id, pos`` of each user's list, cut at ``k``; duplicates keep the best."""
    _require(reco, "reco", [_U, _I, _R])
    if k is not None and k < 1:
        raise ValueError("k must be at least 1")
    top = reco[[_U, _I, _R]].sort_values([_U, _R], kind="stable")
    top = top.drop_duplicates([_U, _I], keep="first")
    top[_POS] = top.groupby(_U, sort=False).cumcount() + 1
    if k is not None:
        top = top.loc[top[_POS] <= k]
    return top[[_U, _I, _POS]]


def _relevant(truth: pd.DataFrame, graded: bool) -> pd.DataFrame:
    """Relevant pairs with their gain: 1 each, or the summed positive ``weight`` if graded."""
    _require(truth, "truth", [_U, _I, *([_W] if graded else [])])
    if graded:
        rel = truth.groupby([_U, _I], as_index=False, sort=True)[_W].sum()
        rel = rel.rename(columns={_W: _GAIN})
        return rel.loc[rel[_GAIN] > 0].reset_index(drop=True)
    rel = truth[[_U, _I]].drop_duplicates().sort_values([_U, _I]).reset_index(drop=True)
    rel[_GAIN] = 1.0
    return rel


def _require(df: pd.DataFrame, what: str, columns: list[str]) -> None:
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise DataError(f"{what}: missing column(s) {', '.join(missing)}")
