"""What the Genre map page shows for a selection of artists and for one listener.

A box or lasso selection on the map arrives as the artist ids carried by the chosen points
(their ``customdata``), never as point indices, which depend on how the figure split its
traces. :func:`selected_ids` reads them from Streamlit's selection state; the rest are plain
functions of the map's points (and, for the listener groups, the warehouse).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from recsys import sql
from recsys.errors import DataError
from recsys.maps._read import resolve_run
from recsys.privacy import MIN_GROUP_SIZE

__all__ = [
    "SelectionFigures",
    "listener_groups",
    "selected_ids",
    "selection_figures",
    "selection_table",
    "user_overlay",
]

SELECTION_COLUMNS = [
    "artist_id", "name", "cluster", "top_tags", "listeners", "plays", "listen_share",
    "rec_share", "exposure_gap", "growth",
]  # fmt: skip
"""Columns of :func:`selection_table`, in order."""


def selected_ids(selection: Mapping[str, Any] | None) -> list[int]:
    """Artist ids of the points in a Plotly selection event (``{"selection": {"points":
    [{"customdata": [artist_id, ...], ...}, ...]}}``), in order, without repeats.

    Points without an artist id (a highlight marker, say) are ignored.
    """
    if not selection:
        return []
    inner = selection.get("selection", selection)
    found: dict[int, None] = {}
    for point in inner.get("points", []) or []:
        data = point.get("customdata")
        if isinstance(data, list | tuple):
            data = data[0] if data else None
        if data is None:
            continue
        try:
            found[int(data)] = None
        except (TypeError, ValueError):
            continue
    return list(found)


def selection_table(points: pd.DataFrame, artist_ids: Iterable[int]) -> pd.DataFrame:
    """The selected artists with their figures, most listened first."""
    ids = list(artist_ids)
    chosen = points[points["artist_id"].isin(ids)]
    chosen = chosen.sort_values(["listeners", "artist_id"], ascending=[False, True])
    return chosen[SELECTION_COLUMNS].reset_index(drop=True)


@dataclass(frozen=True)
class SelectionFigures:
    """Audit figures of a selection of artists.

    Attributes:
        artists: artists selected.
        listen_share: their share of (recent) listening.
        exposure_share: their share of the run's recommendation slots.
        exposure_gap: ``exposure_share - listen_share``.
        arp: average popularity (share of listeners who played the artist) of the
            recommendation slots that went to the selection; NaN when none did.
        arp_all: the same over every recommendation slot, for comparison.
    """

    artists: int
    listen_share: float
    exposure_share: float
    exposure_gap: float
    arp: float
    arp_all: float


def selection_figures(
    points: pd.DataFrame, artist_ids: Iterable[int], n_listeners: int
) -> SelectionFigures:
    """Exposure share, listening share, their gap and the ARP of a selection.

    ARP here is the average recommendation popularity of Abdollahpouri et al. (FLAIRS 2019)
    restricted to the slots that went to the selection: ``sum_a slots_a * phi_a / sum_a
    slots_a``, with ``phi_a`` the share of all ``n_listeners`` who played artist ``a``.
    """
    ids = set(artist_ids)
    chosen = points[points["artist_id"].isin(ids)]
    phi = points["listeners"] / max(n_listeners, 1)
    slots = points["rec_slots"].fillna(0)
    mask = points["artist_id"].isin(ids)
    arp = _weighted(phi[mask], slots[mask])
    exposure = float(chosen["rec_share"].sum()) if chosen["rec_share"].notna().any() else np.nan
    listen = float(chosen["listen_share"].sum())
    return SelectionFigures(
        artists=len(chosen),
        listen_share=listen,
        exposure_share=exposure,
        exposure_gap=exposure - listen,
        arp=arp,
        arp_all=_weighted(phi, slots),
    )


def _weighted(values: pd.Series, weights: pd.Series) -> float:
    total = float(weights.sum())
    return float((values * weights).sum() / total) if total > 0 else float("nan")


def listener_groups(
    con: duckdb.DuckDBPyConnection, artist_ids: Iterable[int], min_size: int = MIN_GROUP_SIZE
) -> pd.DataFrame:
    """Who listens to the selection: ``attribute, group, listeners, share, share_all`` by
    country and by age group, where ``share`` is the group's share of the selection's
    listeners and ``share_all`` its share of every listener.

    Groups with fewer than ``min_size`` of the selection's listeners are folded into one
    "other (groups under N)" row per attribute, itself left out when it is under ``min_size``
    too (its figures would describe a small group).
    """
    ids = sorted({int(a) for a in artist_ids})
    cols = ["attribute", "group", "listeners", "share", "share_all"]
    if not ids:
        return pd.DataFrame(columns=cols)
    raw = con.execute(sql.load("maps/selection_listeners"), {"artist_ids": ids}).df()
    out = []
    for attribute, rows in raw.groupby("attribute", sort=True):
        total, total_all = rows["listeners"].sum(), rows["all_listeners"].sum()
        small = rows["listeners"] < min_size
        kept = rows[~small & (rows["listeners"] > 0)]
        folded = rows[small]
        parts = [kept[["group", "listeners", "all_listeners"]]]
        if folded["listeners"].sum() >= min_size:
            parts.append(
                pd.DataFrame(
                    {
                        "group": [f"other (groups under {min_size})"],
                        "listeners": [folded["listeners"].sum()],
                        "all_listeners": [folded["all_listeners"].sum()],
                    }
                )
            )
        frame = pd.concat(parts, ignore_index=True)
        frame["attribute"] = attribute
        frame["share"] = frame["listeners"] / max(total, 1)
        frame["share_all"] = frame["all_listeners"] / max(total_all, 1)
        out.append(frame)
    if not out:
        return pd.DataFrame(columns=cols)
    return pd.concat(out, ignore_index=True)[cols]


def user_overlay(
    con: duckdb.DuckDBPyConnection,
    points: pd.DataFrame,
    user_id: int,
    run_id: str | None = None,
    *,
    top: int = 50,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One listener's history (their ``top`` most played artists) and recommendations (as
    artists) placed on the map: two frames of points with ``plays`` and ``best_rank``.

    Raises:
        DataError: there is no such listener.
    """
    rid = resolve_run(con, run_id)
    exists = con.execute(sql.load("maps/user_exists"), {"user_id": int(user_id)}).df()
    if not int(exists["n"].iloc[0]):
        raise DataError(f"no listener {user_id} in this warehouse")
    history = con.execute(sql.load("maps/user_history"), {"user_id": int(user_id)}).df()
    grain = con.execute(sql.load("maps/read_map_run"), {"run_id": rid}).df()["grain"].iloc[0]
    recs = con.execute(
        sql.load("maps/user_recommendations"),
        {"run_id": rid, "user_id": int(user_id), "grain": str(grain)},
    ).df()
    placed = points[["artist_id", "name", "x", "y", "cluster", "top_tags"]]
    history = history.head(top).merge(placed, on="artist_id")
    recs = recs.merge(placed, on="artist_id").sort_values(["best_rank", "artist_id"])
    return history.reset_index(drop=True), recs.reset_index(drop=True)
