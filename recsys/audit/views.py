"""Page back-ends of the Audit pages: the stored figures cut and shaped for display.

Pure functions of the frames the audit stores (read through ``recsys.ui.audit``), so the pages
only lay out.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import pandas as pd

from recsys.audit._bootstrap import FIGURE_COLUMNS
from recsys.audit._definitions import definition
from recsys.audit._groups import ATTRIBUTES, inferred_keys

__all__ = [
    "DESCRIPTIVE",
    "attribute_label",
    "attributes",
    "catalogue_table",
    "changed",
    "count_verdict",
    "curve",
    "curve_point",
    "default_strength",
    "drop_inferred",
    "glance",
    "mix_before_after",
    "notes_for",
    "overall",
    "select",
    "shown_figures",
    "target_label",
    "target_note",
]

DESCRIPTIVE: Final = (
    "coverage",
    "gini",
    "entropy",
    "novelty",
    "ild",
    "personalisation",
    "off_taste",
    "miscalibration",
    "serendipity",
    "pop_rsp",
    "pop_reo",
)
"""The descriptive figures of a set of lists, in display order."""


def select(
    figures: pd.DataFrame,
    *,
    metrics: Sequence[str] | None = None,
    attribute: str | None = None,
    names: Sequence[str] | None = None,
) -> pd.DataFrame:
    """The figures of some metrics, one grouping and some sets (None: all of them)."""
    keep = pd.Series(True, index=figures.index)
    if metrics is not None:
        keep &= figures["metric"].isin(list(metrics))
    if attribute is not None:
        keep &= figures["group_attribute"] == attribute
    if names is not None:
        keep &= figures["name"].isin(list(names))
    return figures.loc[keep].reset_index(drop=True)


def drop_inferred(figures: pd.DataFrame) -> pd.DataFrame:
    """The figures without the groupings inferred from tags."""
    keep = ~figures["group_attribute"].isin(inferred_keys())
    return figures.loc[keep].reset_index(drop=True)


def attributes(
    figures: pd.DataFrame, side: str, metric: str | None = None, *, include_inferred: bool = True
) -> list[str]:
    """The groupings that have figures on one side (in registry order); groupings inferred
    from tags are left out when ``include_inferred`` is False."""
    rows = figures.loc[figures["side"] == side]
    if metric is not None:
        rows = rows.loc[rows["metric"] == metric]
    present = set(rows["group_attribute"])
    return [
        a.key
        for a in ATTRIBUTES
        if a.key in present and (include_inferred or a.source != "inferred")
    ]


def attribute_label(key: str) -> str:
    """What people read for a grouping (with where its values come from)."""
    for a in ATTRIBUTES:
        if a.key == key:
            return f"{a.label} ({a.source})"
    return key


def glance(figures: pd.DataFrame) -> pd.DataFrame:
    """Verdict counts per set and side: ``name, side, pass, fail, inconclusive, suppressed``."""
    judged = figures.loc[figures["verdict"].notna()]
    counts = judged.groupby(["name", "side", "verdict"]).size().unstack(fill_value=0)
    counts = counts.reindex(columns=["pass", "fail", "inconclusive", "suppressed"], fill_value=0)
    counts.columns.name = None
    order = {n: i for i, n in enumerate(pd.unique(figures["name"]))}
    out = counts.reset_index()
    out["_o"] = out["name"].map(order)
    return out.sort_values(["_o", "side"]).drop(columns="_o").reset_index(drop=True)


def shown_figures(rows: pd.DataFrame) -> pd.DataFrame:
    """Figure rows as a table for people: set, group, size, value, interval, ratio, verdict."""
    cols = ["name", *(c for c in FIGURE_COLUMNS if c not in ("side", "group_attribute"))]
    out = rows[cols].copy()
    out["metric"] = [definition(m).label for m in out["metric"]]
    return out.rename(columns={"name": "recommendations"})


def catalogue_table(figures: pd.DataFrame) -> pd.DataFrame:
    """Descriptive figures, one row per metric and one column per set (value and interval)."""
    rows = figures.loc[figures["verdict"].isna() & figures["metric"].isin(DESCRIPTIVE)]
    names = list(pd.unique(figures["name"]))
    out = pd.DataFrame({"metric": list(DESCRIPTIVE)})
    out["label"] = [definition(m).label for m in DESCRIPTIVE]
    for name in names:
        part = rows.loc[rows["name"] == name].set_index("metric")
        out[name] = out["metric"].map(part["value"])
        low, high = out["metric"].map(part["ci_low"]), out["metric"].map(part["ci_high"])
        out[f"{name} 95%"] = [
            "" if pd.isna(lo) else f"{lo:.4g} – {hi:.4g}" for lo, hi in zip(low, high, strict=True)
        ]
    return out.dropna(subset=names, how="all").reset_index(drop=True)


def overall(figures: pd.DataFrame, name: str) -> pd.DataFrame:
    """One set's figures of all its listeners (group ``all``), indexed by metric."""
    rows = figures.loc[(figures["name"] == name) & (figures["group"] == "all")]
    return rows.drop_duplicates("metric").set_index("metric")


def count_verdict(figures: pd.DataFrame, name: str, verdict: str) -> int:
    """How many of one set's figures have ``verdict``."""
    return int(((figures["name"] == name) & (figures["verdict"] == verdict)).sum())


def notes_for(notes: pd.DataFrame, names: Sequence[str]) -> pd.DataFrame:
    """The notes of some sets, for people: ``lists, side, grouping, note``."""
    rows = notes.loc[notes["name"].isin(list(names))].copy()
    rows["group_attribute"] = [
        k if k == "all" else attribute_label(k) for k in rows["group_attribute"]
    ]
    return rows.rename(
        columns={"name": "lists", "group_attribute": "grouping", "message": "note"}
    ).reset_index(drop=True)


def curve(curves: pd.DataFrame, reranker: str) -> pd.DataFrame:
    """One re-ranker's trade-off curve, by strength."""
    rows = curves.loc[curves["reranker"] == reranker]
    return rows.sort_values("strength").reset_index(drop=True)


def default_strength(curve: pd.DataFrame) -> float:
    """The strength the slider starts at: the middle of the grid."""
    grid = list(curve["strength"])
    return float(grid[len(grid) // 2]) if grid else 0.0


def curve_point(curve: pd.DataFrame, strength: float) -> pd.Series:
    """The point of the curve nearest to ``strength``."""
    return curve.loc[(curve["strength"] - strength).abs().idxmin()]


def target_label(curve: pd.DataFrame, key: str) -> str:
    """What the re-ranker's target metric is called on the page."""
    group = curve["target_group"].dropna()
    if len(group):
        attribute, _, value = str(group.iloc[0]).partition("=")
        return f"Exposure share of {value} ({attribute_label(attribute)})"
    return definition(key).label


def target_note(curve: pd.DataFrame) -> str:
    """The provider re-ranker's target, in words (empty for the others)."""
    rows = curve.dropna(subset=["target_group"])
    if rows.empty:
        return ""
    attribute, _, value = str(rows["target_group"].iloc[0]).partition("=")
    share = float(rows["target_share"].iloc[0])
    return (
        f"The most under-exposed artist group of the audit is {value} "
        f"({attribute_label(attribute)}); the target is its share of the reference lists, "
        f"{share:.1%} of position-discounted exposure."
    )


def changed(before: pd.DataFrame, after: pd.DataFrame) -> int:
    """How many items of the list after re-ranking were not in it before."""
    return len(set(after["item_id"]) - set(before["item_id"]))


def mix_before_after(before: pd.DataFrame, after: pd.DataFrame) -> pd.DataFrame:
    """``genre, history_share, before, after`` from two genre mixes of one listener."""
    out = before.rename(columns={"list_share": "before"})
    out = out.merge(after[["genre", "list_share"]], on="genre", how="outer")
    out = out.rename(columns={"list_share": "after"})
    return out.sort_values(["history_share", "genre"], ascending=[False, True], na_position="last")
