"""Explanation groups: which family each ranker feature belongs to, as the pages show it.

The five feature groups of :mod:`recsys.model.features` (taste, popularity, familiarity,
freshness, context) are kept; the candidate generators' score and rank columns, which the
feature catalogue files under taste, get a group of their own here ("candidate generators"),
so that "a generator liked it" is never presented as the listener's taste.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import pandas as pd

from recsys.model import registry
from recsys.model.features import FEATURES, GROUPS

__all__ = [
    "EXPLAIN_GROUPS",
    "GENERATOR_GROUP",
    "feature_groups",
    "generator_of",
    "group_label",
]

GENERATOR_GROUP: Final = "generators"
"""The group of the candidate generators' score and rank features."""

EXPLAIN_GROUPS: Final = (*GROUPS, GENERATOR_GROUP)
"""Groups in the order explanations present them."""

_LABELS: Final = {GENERATOR_GROUP: "candidate generators"}


def group_label(group: str) -> str:
    """What people read for a group ("candidate generators" for the generators' features)."""
    return _LABELS.get(group, group)


def generator_of(feature: str) -> str | None:
    """The generator whose score or rank ``feature`` is (``als_rank`` -> ``als``), else None."""
    for suffix in ("_score", "_rank"):
        if feature.endswith(suffix):
            return feature[: -len(suffix)]
    return None


def feature_groups(names: Sequence[str]) -> pd.DataFrame:
    """Group and description of each feature a run's ranker uses.

    Args:
        names: the ranker's feature names, in model order.

    Returns:
        ``name, group, description`` in the order of ``names``; a feature that is neither a
        fixed feature nor a generator column is put in ``context`` with its name as description.
    """
    fixed = {f.name: f for f in FEATURES}
    rows: list[tuple[str, str, str]] = []
    for name in names:
        if name in fixed:
            rows.append((name, fixed[name].group, fixed[name].description))
            continue
        gen = generator_of(name)
        if gen is not None:
            label = registry.model_label(gen)
            what = "score" if name.endswith("_score") else "rank"
            text = (
                f"how strongly {label} proposes the item"
                if what == "score"
                else f"the item's rank in the {label} list"
            )
            rows.append((name, GENERATOR_GROUP, text))
        else:
            rows.append((name, "context", name))
    return pd.DataFrame(rows, columns=["name", "group", "description"])
