"""Re-ranker features: computed in SQL over DuckDB from a history that ends at a cutoff.

Every feature has a name, a group (taste, popularity, familiarity, freshness, context) and a
one-line description that the explanation pages show. The SQL (``recsys/sql/model/feature*.sql``)
reads only the ``history`` it is given, so features for a window can only see events before it:
the split decides the history, and this module cannot leak what it is not handed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import duckdb
import pandas as pd

from recsys import sql, warehouse

__all__ = [
    "FEATURES",
    "GROUPS",
    "Feature",
    "FeatureBase",
    "candidate_features",
    "compute_features",
    "feature_table",
]

GROUPS = ("taste", "popularity", "familiarity", "freshness", "context")
"""Feature groups, in the order explanations present them."""


@dataclass(frozen=True)
class Feature:
    """One re-ranker input, as the explanation pages describe it."""

    name: str
    group: Literal["taste", "popularity", "familiarity", "freshness", "context"]
    description: str


FEATURES: tuple[Feature, ...] = (
    Feature("item_plays", "popularity", "plays of the item by everyone (log)"),
    Feature("item_plays_recent", "popularity", "plays of the item in the last 28 days (log)"),
    Feature(
        "item_trend", "popularity", "growth of the item's plays: last 28 days vs the 28 before"
    ),
    Feature("item_listeners", "popularity", "distinct listeners of the item (log)"),
    Feature("artist_plays", "popularity", "plays of the item's artist by everyone (log)"),
    Feature("artist_plays_recent", "popularity", "plays of the artist in the last 28 days (log)"),
    Feature("item_skip_rate", "popularity", "share of the item's plays that were skipped"),
    Feature("user_activity", "context", "how much the listener plays (log)"),
    Feature("user_variety", "context", "distinct items per play of the listener"),
    Feature("user_skip_rate", "context", "share of the listener's plays that were skipped"),
    Feature("user_mainstreaminess", "context", "average popularity of what the listener plays"),
    Feature(
        "country_popularity",
        "context",
        "share of the last 56 days' plays in the listener's country",
    ),
    Feature("genre_affinity", "taste", "overlap of the item's sub-genres with the listener's"),
    Feature("parent_genre_affinity", "taste", "overlap of the item's broad genres with theirs"),
    Feature("artist_familiarity", "familiarity", "how much the listener played this artist (log)"),
    Feature("artist_known", "familiarity", "whether the listener has played this artist"),
    Feature("artist_days_since", "familiarity", "days since the listener last played the artist"),
    Feature("item_age_days", "freshness", "days since the item was released"),
)
"""The fixed features; candidate-generator scores and ranks are added per build."""


def candidate_features(generators: Sequence[str]) -> tuple[Feature, ...]:
    """The score and rank columns each candidate generator contributes."""
    out: list[Feature] = []
    for g in generators:
        label = g.replace("_", " ")
        out.append(Feature(f"{g}_score", "taste", f"how strongly {label} proposes the item"))
        out.append(Feature(f"{g}_rank", "taste", f"the item's rank in the {label} list"))
    return tuple(out)


def feature_table(generators: Sequence[str]) -> pd.DataFrame:
    """All features of a build as a frame ``name, group, description``."""
    rows = [*candidate_features(generators), *FEATURES]
    return pd.DataFrame(
        {
            "name": [f.name for f in rows],
            "group": [f.group for f in rows],
            "description": [f.description for f in rows],
        }
    )


class FeatureBase:
    """The history side of the features at one cutoff, shared by every batch of candidates.

    Entering registers ``history`` on a cursor of its own and computes the catalogue-wide
    aggregates (items, artists, countries: they read the whole history) once;
    :meth:`features` then adds every feature to a batch of candidates, reading only that
    batch's listeners' history for their own aggregates. Use it as a context manager::

        with FeatureBase(con, history, cutoff, "track") as base:
            for batch in batches:
                frame = base.features(batch)

    Args:
        con: connection to the warehouse (catalogue tables are read from it).
        history: ``user_id, item_id, ts, weight, skipped`` before ``cutoff``.
        cutoff: the instant the features describe; None for timeless aggregate data.
        grain: whether items are tracks or artists.

    Raises:
        ValueError: ``history`` reaches the cutoff (features would see the future).
    """

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        history: pd.DataFrame,
        cutoff: pd.Timestamp | None,
        grain: Literal["track", "artist"],
    ) -> None:
        if cutoff is not None and len(history) and history["ts"].max() >= cutoff:
            raise ValueError("history reaches the cutoff: features would see the future")
        hist = history
        for col, default in (("ts", pd.NaT), ("weight", 1.0), ("skipped", None)):
            if col not in hist.columns:
                hist = hist.assign(**{col: default})
        self._con = con
        self._history = hist[["user_id", "item_id", "ts", "weight", "skipped"]]
        self._grain = grain
        self._params = {"cutoff": None if cutoff is None else cutoff.to_pydatetime()}
        self._cur: duckdb.DuckDBPyConnection | None = None

    def __enter__(self) -> FeatureBase:
        cur = warehouse.cursor(self._con)
        try:
            cur.execute(
                sql.load("model/items_track" if self._grain == "track" else "model/items_artist")
            )
            cur.register("history", self._history)
            cur.execute(sql.load("model/feature_item_stats"), self._params)
            cur.execute(sql.load("model/feature_artist_stats"), self._params)
            cur.execute(sql.load("model/feature_country_item"), self._params)
        except BaseException:
            cur.close()
            raise
        self._cur = cur
        return self

    def __exit__(self, *exc: object) -> None:
        if self._cur is not None:
            self._cur.close()  # its temp tables and registrations go with it
            self._cur = None

    def features(self, candidates: pd.DataFrame) -> pd.DataFrame:
        """``candidates`` with every column of :data:`FEATURES` added, sorted by user and item.

        Args:
            candidates: ``user_id, item_id`` plus the generators' score and rank columns.
        """
        if self._cur is None:
            raise RuntimeError("FeatureBase.features needs the base entered (use `with`)")
        self._cur.register("cands", candidates)
        try:
            return self._cur.execute(sql.load("model/features"), self._params).df()
        finally:
            self._cur.unregister("cands")


def compute_features(
    con: duckdb.DuckDBPyConnection,
    history: pd.DataFrame,
    candidates: pd.DataFrame,
    cutoff: pd.Timestamp | None,
    grain: Literal["track", "artist"],
) -> pd.DataFrame:
    """Features of every candidate pair, computed from ``history`` alone (one batch).

    Args:
        con: connection to the warehouse (catalogue tables are read from it).
        history: ``user_id, item_id, ts, weight, skipped`` before ``cutoff``.
        candidates: ``user_id, item_id`` plus the generators' score and rank columns.
        cutoff: the instant the features describe; None for timeless aggregate data.
        grain: whether items are tracks or artists.

    Returns:
        ``candidates`` with every column of :data:`FEATURES` added, sorted by user and item.
    """
    with FeatureBase(con, history, cutoff, grain) as base:
        return base.features(candidates)
