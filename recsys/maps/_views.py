"""Page back-ends of the Discover pages: the map's frames shaped for tables, pickers and
sentences, so that the pages only lay them out."""

from __future__ import annotations

from typing import Any

import pandas as pd

__all__ = [
    "artist_choices",
    "cluster_tests",
    "driver_ids",
    "emerging_table",
    "exposure_sentence",
    "month_choices",
]

EMERGING_COLUMNS = [
    "emerging_rank", "cluster_id", "label", "top_genres", "artists", "growth", "score",
    "q_value", "significant", "driven_by", "communities", "listen_share", "rec_share",
    "exposure_gap", "under_recommended",
]  # fmt: skip
"""Columns of :func:`emerging_table`, in order."""


def emerging_table(clusters: pd.DataFrame, communities: pd.DataFrame) -> pd.DataFrame:
    """Clusters most emerging first, with their top genres joined and the communities
    driving them named (``"BR 6.1x, friends f3 (mostly BR, 81%) 5.0x"``)."""
    names = {
        (str(k), str(c)): str(label)
        for k, c, label in zip(
            communities["kind"], communities["community_id"], communities["label"], strict=True
        )
    }
    rows = clusters[clusters["cluster_id"] >= 0].copy()
    rows["top_genres"] = [", ".join(g) for g in rows["top_genres"]]
    rows["driven_by"] = [
        ", ".join(f"{names.get((d['kind'], d['id']), d['id'])} {d['growth']:.1f}x" for d in drivers)
        for drivers in rows["communities"]
    ]
    return rows[EMERGING_COLUMNS].reset_index(drop=True)


def cluster_tests(tests: pd.DataFrame, cluster_id: int) -> pd.DataFrame:
    """One cluster's tests, strongest first."""
    rows = tests[tests["cluster_id"] == cluster_id]
    return rows.sort_values(["score", "community_id"], ascending=[False, True]).reset_index(
        drop=True
    )


def driver_ids(cluster: pd.Series | dict[str, Any], n: int = 3) -> list[str]:
    """Ids of the ``n`` communities that drive a cluster most (its significant ones)."""
    return [str(d["id"]) for d in list(cluster["communities"])[:n]]


def exposure_sentence(cluster: pd.Series | dict[str, Any]) -> str:
    """Whether the recommender gives a cluster room, in a sentence (Markdown, no data text)."""
    listen, rec = float(cluster["listen_share"]), cluster["rec_share"]
    if rec is None or pd.isna(rec):
        return "This run has no recommendations to compare with."
    rec = float(rec)
    grows = bool(cluster["significant"])
    if grows and rec < listen:
        return (
            f"**Under-recommended**: it grows, but it gets {rec:.2%} of the recommendations "
            f"against {listen:.2%} of recent listening: the recommender lags behind it."
        )
    if grows:
        return (
            f"It grows, and it already gets {rec:.2%} of the recommendations against "
            f"{listen:.2%} of recent listening."
        )
    return (
        f"It gets {rec:.2%} of the recommendations against {listen:.2%} of recent listening "
        "(no significant growth)."
    )


def artist_choices(points: pd.DataFrame) -> dict[int, str]:
    """Artist id -> ``"name (cluster)"``, most listened first, for a search box."""
    rows = points.sort_values(["listeners", "artist_id"], ascending=[False, True])
    cluster = rows["cluster"].fillna("unclustered")
    return {
        int(a): f"{n} ({c})"
        for a, n, c in zip(rows["artist_id"], rows["name"], cluster, strict=True)
    }


def month_choices(months: pd.DataFrame) -> list[str]:
    """The months of the map's listening, oldest first, as ``YYYY-MM-01``."""
    if months.empty:
        return []
    return [pd.Timestamp(m).strftime("%Y-%m-%d") for m in sorted(months["month"].unique())]
