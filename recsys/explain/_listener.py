"""One listener's explanations, computed on demand from the run's saved booster.

:func:`explain_items` gives SHAP contributions (LightGBM's TreeSHAP, ``pred_contrib``), reasons
and what held each item back for some of a listener's candidates; :func:`compare` says why one
item sits above another, feature by feature; :func:`what_if` re-scores a candidate with one
feature changed and places it among all of the listener's candidates.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import duckdb
import numpy as np
import pandas as pd

from recsys.errors import DataError
from recsys.explain._context import Listener, item_facts
from recsys.explain._global import by_group
from recsys.explain._reasons import ItemFacts, Reason, held_back, reasons
from recsys.model import registry
from recsys.model.candidates import decode_sources

if TYPE_CHECKING:
    from recsys.model.ranker import Ranker

__all__ = [
    "Explained",
    "WhatIf",
    "compare",
    "contributions_of",
    "explain_items",
    "explain_top",
    "what_if",
]


@dataclass(frozen=True)
class Explained:
    """Explanations of some of a listener's candidates.

    Attributes:
        user_id: the listener.
        base_value: the ranker's expected raw score; contributions add up from it to the score.
        items: one row per item, best first: ``item_id, rank, score, title, artist, genre,
            generators`` (labels), ``new_artist``, ``new_genre``.
        contributions: SHAP values, one row per item (index ``item_id``), one column per
            feature.
        reasons: item id -> reasons (positive contributions only).
        held_back: item id -> what held it back (negative contributions only).
        facts: item id -> the values the sentences cite.
    """

    user_id: int
    base_value: float
    items: pd.DataFrame
    contributions: pd.DataFrame
    reasons: dict[int, list[Reason]]
    held_back: dict[int, list[Reason]]
    facts: dict[int, ItemFacts]


def _generator_labels(mask: int) -> list[str]:
    return [registry.model_label(n) for n in decode_sources(mask, registry.generator_names())]


def explain_items(
    con: duckdb.DuckDBPyConnection,
    listener: Listener,
    ranker: Ranker,
    item_ids: list[int],
) -> Explained:
    """Contributions, reasons and held-back lines for some of the listener's candidates.

    Raises:
        DataError: an item is not among the listener's candidates.
    """
    cands = listener.candidates.set_index("item_id")
    missing = [i for i in item_ids if i not in cands.index]
    if missing:
        raise DataError(
            f"item {missing[0]} is not a candidate of listener {listener.user_id} in run "
            f"{listener.info.run_id}"
        )
    rows = cands.loc[list(item_ids)].reset_index()
    contrib = ranker.contributions(rows)
    contrib.index = rows["item_id"].to_numpy()
    base = float(contrib["bias"].iloc[0]) if len(contrib) else listener.info.base_value
    contrib = contrib.drop(columns="bias")
    details, facts = item_facts(con, listener, list(item_ids))
    items = rows[["item_id", "rank", "score", "sources"]].join(
        details[["title", "artist", "genre", "new_artist", "new_genre"]], on="item_id"
    )
    items["generators"] = [_generator_labels(int(m)) for m in items.pop("sources")]
    why: dict[int, list[Reason]] = {}
    held: dict[int, list[Reason]] = {}
    names = list(contrib.columns)
    for item_id, row in zip(contrib.index, contrib.to_numpy().tolist(), strict=True):
        values = dict(zip(names, row, strict=True))
        why[int(item_id)] = reasons(values, facts[int(item_id)])
        held[int(item_id)] = held_back(values, facts[int(item_id)])
    return Explained(listener.user_id, base, items, contrib, why, held, facts)


def explain_top(
    con: duckdb.DuckDBPyConnection, listener: Listener, ranker: Ranker, n: int
) -> Explained:
    """Explanations of the listener's top ``n`` recommendations."""
    top = listener.candidates["item_id"].head(n).astype(int).tolist()  # sorted by rank
    return explain_items(con, listener, ranker, top)


def contributions_of(
    explained: Explained, item: int, groups: pd.Series | None = None
) -> pd.DataFrame:
    """One item's contributions as ``name, value`` (summed within groups when given)."""
    c = explained.contributions.loc[[item]]
    if groups is not None:
        c = by_group(c, groups)
    return pd.DataFrame({"name": c.columns, "value": c.iloc[0].to_numpy()})


def compare(explained: Explained, a: int, b: int, groups: pd.Series | None = None) -> pd.DataFrame:
    """Why item ``a`` scores above (or below) item ``b``: the difference of contributions.

    The differences add up to ``score(a) - score(b)`` (the base value cancels).

    Args:
        explained: explanations holding both items.
        a: the first item.
        b: the second item.
        groups: feature -> group; when given, features are summed within groups.

    Returns:
        ``name, a, b, difference``, largest absolute difference first.
    """
    c = explained.contributions.loc[[a, b]]
    if groups is not None:
        c = by_group(c, groups)
    out = pd.DataFrame({"name": c.columns, "a": c.loc[a].to_numpy(), "b": c.loc[b].to_numpy()})
    out["difference"] = out["a"] - out["b"]
    key = out["difference"].abs()
    return (
        out.assign(_k=key)
        .sort_values(["_k", "name"], ascending=[False, True])
        .drop(columns="_k")
        .reset_index(drop=True)
    )


@dataclass(frozen=True)
class WhatIf:
    """A candidate re-scored with one feature changed.

    Attributes:
        item_id: the candidate.
        feature: the feature changed.
        old_value: its stored value.
        new_value: the value tried.
        old_score: the stored score; new_score: the score with the change.
        old_rank: the stored rank; new_rank: its rank among the listener's other candidates
            (their stored scores) with the new score.
        n_candidates: the listener's candidates.
        contributions: ``name, before, after`` SHAP values, changed features first.
    """

    item_id: int
    feature: str
    old_value: float
    new_value: float
    old_score: float
    new_score: float
    old_rank: int
    new_rank: int
    n_candidates: int
    contributions: pd.DataFrame


def what_if(listener: Listener, ranker: Ranker, item_id: int, feature: str, value: float) -> WhatIf:
    """Re-score a candidate with ``feature`` set to ``value`` and rank it among the rest.

    Raises:
        DataError: the item is not a candidate, or the feature is not one of the ranker's.
    """
    if feature not in listener.info.features:
        raise DataError(f"{feature!r} is not a feature of run {listener.info.run_id}")
    cands = listener.candidates
    row = cands[cands["item_id"] == item_id]
    if row.empty:
        raise DataError(f"item {item_id} is not a candidate of listener {listener.user_id}")
    changed = row.copy()
    changed[feature] = np.float32(value)
    both = pd.concat([row, changed], ignore_index=True)
    contrib = ranker.contributions(both).drop(columns="bias")
    new_score = float(ranker.predict(changed)[0])
    others = cands.loc[cands["item_id"] != item_id, "score"].to_numpy()
    table = pd.DataFrame(
        {"name": contrib.columns, "before": contrib.iloc[0], "after": contrib.iloc[1]}
    )
    table["change"] = table["after"] - table["before"]
    table = table.reindex(table["change"].abs().sort_values(ascending=False).index)
    r = row.iloc[0]
    return WhatIf(
        item_id=int(item_id),
        feature=feature,
        old_value=float(r[feature]),
        new_value=float(np.float32(value)),
        old_score=float(r["score"]),
        new_score=new_score,
        old_rank=int(r["rank"]),
        new_rank=int((others > new_score).sum()) + 1,
        n_candidates=len(cands),
        contributions=table.reset_index(drop=True),
    )
