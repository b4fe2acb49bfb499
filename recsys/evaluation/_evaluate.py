"""Score several models' recommendations on the same users, with per-user values kept."""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from recsys.evaluation._metrics import MAP, MRR, NDCG, HitRate, Metric, Prepared, Recall
from recsys.schema import Columns

__all__ = ["MODEL", "evaluate", "metric_columns"]

log = logging.getLogger(__name__)

MODEL = "model"
"""Column naming the model in the frames :func:`evaluate` returns."""

_AT_K: tuple[Metric, ...] = (NDCG(), Recall(), MAP(), HitRate())


def metric_columns(ks: Sequence[int]) -> list[str]:
    """Metric columns :func:`evaluate` produces for cutoffs ``ks``, in order."""
    return [m.label(k) for k in ks for m in _AT_K] + [MRR.name]


def evaluate(
    reco_by_model: Mapping[str, pd.DataFrame],
    truth: pd.DataFrame,
    ks: Sequence[int] = (10, 50),
    *,
    graded: bool = False,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """NDCG, recall, MAP and hit rate at each k, and MRR, for every model on the same users.

    The evaluated users are exactly the users of ``truth`` (each has at least one relevant
    item). A model that recommends nothing to one of them scores 0 for that user, and its
    recommendations for users outside ``truth`` are ignored, so every model is averaged over
    the same set. MRR is taken over the top ``max(ks)`` of each list.

    Args:
        reco_by_model: ``{model name: user_id, item_id, rank[, score]}``.
        truth: relevant pairs ``user_id, item_id[, weight]`` (e.g. ``split.test``).
        ks: cutoffs.
        graded: NDCG uses ``truth.weight`` as the gain (other metrics stay binary).

    Returns:
        ``(summary, per_user)``. ``summary`` is indexed by model with a column per metric
        (``ndcg@10`` …, ``mrr``), ``users`` (evaluated) and ``users_with_reco``; ``per_user``
        has ``model, user_id`` and the metric columns, one row per model and evaluated user.
    """
    if not ks or min(ks) < 1:
        raise ValueError("ks must hold positive cutoffs")
    ks = sorted(set(ks))
    users = pd.Index(pd.unique(truth[Columns.user_id])).sort_values()
    ndcg = NDCG(graded=graded)
    per_user_frames, summary_rows = [], []
    for model, reco in reco_by_model.items():
        reco = reco.loc[reco[Columns.user_id].isin(users)]
        binary = Prepared.build(reco, truth, max(ks))
        graded_prep = Prepared.build(reco, truth, max(ks), graded=True) if graded else binary
        values: dict[str, pd.Series] = {}
        for k in ks:
            values[ndcg.label(k)] = ndcg.from_prepared(graded_prep, k)
            for metric in _AT_K[1:]:
                values[metric.label(k)] = metric.from_prepared(binary, k)
        values[MRR.name] = MRR().from_prepared(binary, max(ks))
        frame = pd.DataFrame({name: s.reindex(users) for name, s in values.items()})
        frame.index.name = Columns.user_id
        frame = frame.reset_index()
        frame.insert(0, MODEL, model)
        per_user_frames.append(frame)
        row = frame[metric_columns(ks)].mean().to_dict()
        row |= {"users": len(users), "users_with_reco": int(reco[Columns.user_id].nunique())}
        summary_rows.append(pd.Series(row, name=model))
        log.info("%s: ndcg@%d=%.4f on %d users", model, ks[0], row[ndcg.label(ks[0])], len(users))
    columns = [MODEL, Columns.user_id, *metric_columns(ks)]
    per_user = (
        pd.concat(per_user_frames, ignore_index=True)
        if per_user_frames
        else pd.DataFrame(columns=columns)
    )
    summary = pd.DataFrame(summary_rows)
    summary.index.name = MODEL
    if len(summary):
        summary[["users", "users_with_reco"]] = summary[["users", "users_with_reco"]].astype(
            np.int64
        )
    return summary, per_user[columns]
