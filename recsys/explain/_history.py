"""A listener's history as the User explorer shows it, and the listeners of a cohort.

Everything stops at the run's cutoff, so the history shown is the one the recommendations were
computed from.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from recsys import sql
from recsys.explain._context import Listener, item_details
from recsys.explain._runs import RunInfo

__all__ = [
    "COHORT_LABELS",
    "candidate_list",
    "cohort_listeners",
    "cohort_members",
    "cohort_values",
    "genre_mix",
    "most_active_listener",
    "read_cohort_members",
    "read_cohort_values",
    "top_artists",
    "top_genres",
    "weekly_plays",
]

COHORT_LABELS: dict[str, str] = {
    "mainstream_group": "Mainstreaminess",
    "activity_tier": "Activity",
    "country": "Country",
    "age_group": "Age group",
}
"""What people read for each cohort dimension."""

UNKNOWN = "unknown"
"""The cohort of listeners whose value is not known (NULL)."""


def _cutoff(info: RunInfo) -> object:
    return None if info.cutoff is None else info.cutoff.to_pydatetime()


def top_artists(
    con: duckdb.DuckDBPyConnection, info: RunInfo, user_id: int, limit: int = 10
) -> pd.DataFrame:
    """The listener's most played artists: ``artist, plays, tracks, last_played``."""
    query = "explain/history_artists_events" if info.events else "explain/history_artists_counts"
    params: dict[str, object] = {"user": int(user_id), "limit": int(limit)}
    if info.events:
        params["cutoff"] = _cutoff(info)
    return con.execute(sql.load(query), params).df()


def top_genres(genres: pd.DataFrame, limit: int = 10) -> pd.DataFrame:
    """The listener's largest genres by share: ``genre, parent, share, items, items_recent``.

    Args:
        genres: :attr:`~recsys.explain.Listener.genres`.
        limit: rows kept.
    """
    cols = ["genre", "parent", "share", "items", "items_recent"]
    return genres.sort_values(["share", "genre_id"], ascending=[False, True])[cols].head(limit)


def genre_mix(genres: pd.DataFrame) -> pd.DataFrame:
    """Share of the listener's (tag-weighted) plays per broad genre: ``parent, share``."""
    mix = genres.groupby("parent", as_index=False)["share"].sum()
    return mix.sort_values(["share", "parent"], ascending=[False, True], ignore_index=True)


def weekly_plays(con: duckdb.DuckDBPyConnection, info: RunInfo, user_id: int) -> pd.DataFrame:
    """Plays and skips per week (``week, plays, skips``); empty for aggregate play counts."""
    if not info.events:
        return pd.DataFrame(columns=["week", "plays", "skips"])
    params = {"user": int(user_id), "cutoff": _cutoff(info)}
    return con.execute(sql.load("explain/history_timeline"), params).df()


def cohort_listeners(con: duckdb.DuckDBPyConnection, info: RunInfo) -> pd.DataFrame:
    """Every listener of the run with their cohorts, most active first."""
    return con.execute(sql.load("explain/cohort_listeners"), {"run": info.run_id}).df()


def _cohort(listeners: pd.DataFrame, dimension: str) -> pd.Series:
    _dimension(dimension)
    return listeners[dimension].astype("object").where(listeners[dimension].notna(), UNKNOWN)


def cohort_values(listeners: pd.DataFrame, dimension: str) -> list[str]:
    """The cohorts of a dimension, largest first (``unknown`` for a missing value)."""
    counts = _cohort(listeners, dimension).value_counts()
    return [str(v) for v in counts.sort_index().sort_values(ascending=False, kind="stable").index]


def cohort_members(listeners: pd.DataFrame, dimension: str, value: str) -> pd.DataFrame:
    """The listeners of one cohort, in the order of ``listeners`` (most active first)."""
    return listeners[_cohort(listeners, dimension) == value].reset_index(drop=True)


def read_cohort_values(con: duckdb.DuckDBPyConnection, info: RunInfo, dimension: str) -> list[str]:
    """:func:`cohort_values` over the run's listeners, counted in the database."""
    _dimension(dimension)
    params = {"run": info.run_id, "dimension": dimension}
    return [str(v) for (v, _) in con.execute(sql.load("explain/cohort_values"), params).fetchall()]


def read_cohort_members(
    con: duckdb.DuckDBPyConnection, info: RunInfo, dimension: str, value: str
) -> pd.DataFrame:
    """:func:`cohort_members` of the run's listeners, filtered in the database."""
    _dimension(dimension)
    params = {"run": info.run_id, "dimension": dimension, "value": str(value)}
    return con.execute(sql.load("explain/cohort_members"), params).df()


def most_active_listener(con: duckdb.DuckDBPyConnection, info: RunInfo) -> int | None:
    """The run's listener with the most plays before its cutoff (None: the run has none)."""
    rows = con.execute(sql.load("explain/most_active_listener"), {"run": info.run_id}).fetchall()
    return int(rows[0][0]) if rows else None


def _dimension(dimension: str) -> None:
    if dimension not in COHORT_LABELS:
        raise KeyError(f"not a cohort dimension: {dimension!r}")


def candidate_list(con: duckdb.DuckDBPyConnection, listener: Listener) -> pd.DataFrame:
    """Every candidate of the listener with its name: ``item_id, rank, score, title, artist``."""
    cands = listener.candidates[["item_id", "rank", "score"]]
    names = item_details(con, listener.info, cands["item_id"].astype(int).tolist())
    return cands.join(names[["title", "artist"]], on="item_id").reset_index(drop=True)
