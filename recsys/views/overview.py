"""Figures for the Overview page: dataset KPIs, listening over time, the popularity long tail,
top genres and listeners by country.

Each query works at both grains: when ``listens`` is empty but ``play_counts`` has rows (an
aggregate-only dataset), plays come from ``play_counts``, the time series is empty and the
track-level long tail is empty (only artists have play counts). The SQL lives in
``recsys/sql/overview/``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import duckdb
import numpy as np
import pandas as pd
from numpy.typing import ArrayLike

from recsys import sql
from recsys.privacy import MIN_GROUP_SIZE

__all__ = [
    "MIN_GROUP_SIZE",
    "LongTail",
    "gini",
    "kpis",
    "listeners_by_country",
    "listens_per_week",
    "long_tail",
    "lorenz",
    "popularity",
    "top_genres",
    "weekly_sources",
]

Level = Literal["track", "artist"]
GenreLevel = Literal["parent", "sub"]


def kpis(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Dataset KPIs as one row.

    Columns: ``users``, ``artists``, ``tracks``, ``plays``, ``has_timestamps``,
    ``first_listen``, ``last_listen``, ``listening_hours``, ``skip_rate``. The last four are
    missing for aggregate-only data; ``skip_rate`` is over plays whose ``skipped`` is known.
    """
    return con.execute(sql.load("overview/kpis")).df()


def listens_per_week(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Plays, distinct listeners, hours and skip rate per week (Monday start, UTC) and source.

    Each source of plays (``listens.source``: an import format, or the synthetic preset) is its
    own series over its own span, from its first play to its last: a week inside the span with
    no plays is a row of zeros, a week outside it is no row, and ``partial`` marks the weeks the
    source starts or ends inside. So an older import does not stretch the demo's span, and the
    months between two sources are not drawn as listening.

    Returns:
        Columns ``source``, ``dataset`` (the names of the datasets imported from that source),
        ``week``, ``plays``, ``listeners``, ``hours``, ``skip_rate`` and ``partial``; sources
        in order of their first play, weeks in order. Empty (same columns) for aggregate-only
        data, which has no timestamps.
    """
    return con.execute(sql.load("overview/listens_per_week")).df()


def weekly_sources(weekly: pd.DataFrame) -> list[str]:
    """The dataset labels of a :func:`listens_per_week` frame, one per source, oldest first."""
    if weekly.empty or "source" not in weekly.columns:
        return []
    return [str(d) for d in weekly.drop_duplicates("source")["dataset"]]


def popularity(con: duckdb.DuckDBPyConnection, level: Level) -> pd.DataFrame:
    """Plays per catalogue item, including items never played (``item_id``, ``plays``).

    Args:
        con: warehouse connection.
        level: ``"track"`` or ``"artist"``. Track level needs event data: it is empty for an
            aggregate-only dataset.
    """
    if level not in ("track", "artist"):
        raise ValueError(f"level must be 'track' or 'artist', not {level!r}")
    name = "overview/track_plays" if level == "track" else "overview/artist_plays"
    return con.execute(sql.load(name)).df()


def gini(counts: ArrayLike) -> float:
    """Gini coefficient of non-negative counts: 0 when all are equal, near 1 when one has all.

    Formula (values sorted ascending, i = 1..n):
    ``G = sum_i (2i - n - 1) x_(i) / (n * sum_i x_i)``, which equals the mean absolute
    difference ``sum_i sum_j |x_i - x_j| / (2 n^2 mean(x))`` and ``1 - 2 * area under the
    Lorenz curve``. This is the plain (population) form without the small-sample factor
    ``n / (n - 1)``, so its maximum for n items is ``1 - 1/n``: ``[0, 0, 0, 10]`` gives 0.75.
    Source: Gini (1912), *Variabilità e mutabilità*; the sorted form as in Damgaard & Weiner
    (2000), *Ecology* 81(4):1139-1142.

    Returns:
        The coefficient, or NaN when there are no items or no plays at all.

    Raises:
        ValueError: if a count is negative.
    """
    x = np.sort(np.asarray(counts, dtype=float).ravel())
    if x.size and x[0] < 0:
        raise ValueError("gini needs non-negative counts")
    total = x.sum()
    if x.size == 0 or total == 0:
        return float("nan")
    n = x.size
    ranks = np.arange(1, n + 1)
    return float(np.sum((2 * ranks - n - 1) * x) / (n * total))


def lorenz(counts: ArrayLike, *, max_points: int = 1001) -> pd.DataFrame:
    """Lorenz curve of counts: share of plays held by the least played share of items.

    Items are sorted from least to most played; point k is ``(k / n, cumsum_k / total)``, from
    ``(0, 0)`` to ``(1, 1)``. Long catalogues are thinned to about ``max_points`` evenly spaced
    points (both ends always kept), which is plenty for a chart.

    Returns:
        Columns ``item_share`` and ``play_share``; empty when there are no items or no plays.
    """
    x = np.sort(np.asarray(counts, dtype=float).ravel())
    total = x.sum()
    if x.size == 0 or total == 0:
        return pd.DataFrame({"item_share": pd.Series(dtype=float), "play_share": []})
    if max_points < 2:
        raise ValueError("max_points must be at least 2")
    cum = np.concatenate([[0.0], np.cumsum(x)]) / total
    keep = np.unique(np.round(np.linspace(0, x.size, min(max_points, x.size + 1))).astype(int))
    return pd.DataFrame({"item_share": keep / x.size, "play_share": cum[keep]})


@dataclass(frozen=True)
class LongTail:
    """The popularity long tail of one catalogue level.

    Attributes:
        curve: the Lorenz curve (see :func:`lorenz`).
        gini: Gini coefficient of plays per item (see :func:`gini`).
        items: catalogue items, including those never played.
        played_items: items with at least one play.
        top10_share: share of plays that go to the most played 10% of items.
    """

    curve: pd.DataFrame
    gini: float
    items: int
    played_items: int
    top10_share: float


def long_tail(con: duckdb.DuckDBPyConnection, level: Level, *, max_points: int = 1001) -> LongTail:
    """Lorenz curve, Gini and head share of plays per track or per artist.

    Computed in the database (``overview/long_tail``): only the thinned curve and four
    numbers leave it, never a play count per item, so the cost in Python does not grow with
    the catalogue. The figures equal :func:`lorenz`, :func:`gini` and the head share of
    :func:`popularity`'s counts.
    """
    if level not in ("track", "artist"):
        raise ValueError(f"level must be 'track' or 'artist', not {level!r}")
    if max_points < 2:
        raise ValueError("max_points must be at least 2")
    row = con.execute(
        sql.load("overview/long_tail"), {"level": level, "max_points": max_points}
    ).fetchall()[0]
    items, played, gini_value, top10, item_share, play_share = row
    curve = pd.DataFrame(
        {
            "item_share": np.asarray(item_share, dtype=float),
            "play_share": np.asarray(play_share, dtype=float),
        }
    )
    return LongTail(
        curve=curve,
        gini=float("nan") if gini_value is None else float(gini_value),
        items=int(items),
        played_items=int(played),
        top10_share=float("nan") if top10 is None else float(top10),
    )


def top_genres(
    con: duckdb.DuckDBPyConnection, level: GenreLevel = "parent", *, limit: int = 15
) -> pd.DataFrame:
    """The most played genres, each artist's plays split over its genres by weight.

    Args:
        con: warehouse connection.
        level: ``"parent"`` rolls sub-genres up to their parent; ``"sub"`` keeps the genre
            each artist is tagged with.
        limit: number of genres to return.

    Returns:
        Columns ``genre_id``, ``genre``, ``plays`` (weighted, so fractional), ``share`` (of all
        genre-tagged plays) and ``artists`` (played artists tagged with the genre), most
        played first.
    """
    if level not in ("parent", "sub"):
        raise ValueError(f"level must be 'parent' or 'sub', not {level!r}")
    if limit < 1:
        raise ValueError("limit must be at least 1")
    return con.execute(sql.load("overview/top_genres"), {"level": level, "limit": limit}).df()


def listeners_by_country(
    con: duckdb.DuckDBPyConnection, *, min_users: int = MIN_GROUP_SIZE
) -> pd.DataFrame:
    """Listeners (users with a play) and their plays per country, small groups suppressed.

    Countries with fewer than ``min_users`` listeners are folded into ``"other"``, users with
    no country count as ``"unknown"``, and a group still below ``min_users`` is left out.

    Returns:
        Columns ``country`` (ISO 3166-1 alpha-2, ``"other"`` or ``"unknown"``),
        ``listeners``, ``plays``; largest first.
    """
    if min_users < 1:
        raise ValueError("min_users must be at least 1")
    return con.execute(sql.load("overview/listeners_by_country"), {"min_users": min_users}).df()
