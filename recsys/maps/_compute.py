"""The genre map from a warehouse: embedding, 2-D picture, clusters and labels, exposure and
the trend tests, as frames (:class:`MapResult`); :mod:`recsys.maps._store` writes them.

Everything is computed at the artist level, whatever the dataset's grain: plays of tracks
count for their artist, and recommended tracks for theirs.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from recsys import sql, warehouse
from recsys.errors import DataError
from recsys.maps._clusters import NOISE, artist_tags, cluster, label_clusters
from recsys.maps._communities import communities
from recsys.maps._config import MapConfig
from recsys.maps._embed import Embedding, embed
from recsys.maps._project import project
from recsys.maps._trends import burst_tests, rank_clusters, trajectories

__all__ = ["MapResult", "compute_map"]

log = logging.getLogger(__name__)

Progress = Callable[[str, float], None]


@dataclass(frozen=True)
class MapResult:
    """Everything the map stage writes (each frame is one table, less ``run_id``).

    Attributes:
        points: one row per artist on the map (``map_points``).
        clusters: one row per cluster, noise included as -1 (``clusters``).
        tests: one burst test per cluster and community (``cluster_trends``).
        trajectories: listeners per cluster, community and window (``cluster_trajectories``).
        months: plays and listeners per artist and month (``map_months``).
        communities: the communities tested (``map_communities``).
        log_end: the last play (None without timestamps: no trends).
        facts: method, sizes and seconds per step, for ``map_runs``.
    """

    points: pd.DataFrame
    clusters: pd.DataFrame
    tests: pd.DataFrame
    trajectories: pd.DataFrame
    months: pd.DataFrame
    communities: pd.DataFrame
    log_end: pd.Timestamp | None
    facts: dict[str, Any] = field(default_factory=dict)


def compute_map(
    con: duckdb.DuckDBPyConnection,
    config: MapConfig,
    *,
    run_id: str | None = None,
    grain: str = "track",
    progress: Progress | None = None,
) -> MapResult:
    """Compute the genre map of the warehouse behind ``con``.

    Args:
        con: a connection to the warehouse (read only is enough).
        config: the map's settings.
        run_id: the run whose recommendations give the exposure side (None: no exposure).
        grain: the run's item grain (what ``recommendations.item_id`` holds).
        progress: ``progress(step, fraction)``.

    Raises:
        DataError: the data has too few artists or listeners for a map.
    """
    report = progress or (lambda step, fraction: None)
    seconds: dict[str, float] = {}
    t = time.perf_counter()
    plays = _df(con, "maps/artist_user_plays")
    tags = _df(con, "maps/artist_tags")
    if plays.empty:
        raise DataError("the genre map needs listens or play counts; the warehouse has neither")
    emb = embed(plays, tags, config)
    seconds["embedding"] = _lap(t)
    report("projecting the map (UMAP)", 0.2)
    t = time.perf_counter()
    xy = project(np.round(emb.vectors, 6), config)
    seconds["umap"] = _lap(t)
    report("clustering the map (HDBSCAN)", 0.6)
    t = time.perf_counter()
    ids, strength = cluster(emb.vectors, config)
    of = pd.Series(ids, index=pd.Index(emb.artist_ids, name="artist_id"), name="cluster_id")
    labels = label_clusters(tags, of, config)
    seconds["clusters"] = _lap(t)
    report("testing for emerging clusters", 0.75)
    t = time.perf_counter()
    log_end = _log_end(con)
    members, described = communities(
        _df(con, "maps/user_countries"),
        _df(con, "maps/friends") if warehouse.table_exists(con, "friends") else None,
        min_size=config.min_group_size,
        seed=config.seed,
        resolution=config.louvain_resolution,
    )
    artist_windows = _artist_windows(con, log_end, config)
    tests, traj, active = _trends(con, of, members, log_end, config)
    seconds["trends"] = _lap(t)
    t = time.perf_counter()
    names = _df(con, "maps/artists").set_index("artist_id")["name"]
    points = _points(emb, xy, ids, strength, names, tags, plays, artist_windows, active)
    points = _exposure(points, _rec_slots(con, run_id, grain, config))
    clusters = _clusters(points, labels, plays, of, tests)
    months = _df(con, "maps/artist_months") if log_end is not None else _no_months()
    months = months[months["artist_id"].isin(emb.artist_ids)].reset_index(drop=True)
    seconds["exposure"] = _lap(t)
    facts = {
        "embedding": "PPMI of the artist x listener play matrix, truncated SVD, joined with "
        "tag vectors (artist_genres, with parent genres)",
        "listening_dimensions": emb.n_listening,
        "tag_dimensions": int(emb.vectors.shape[1] - emb.n_listening),
        "artists": len(emb.artist_ids),
        "listeners": int(plays["user_id"].nunique()),
        "unclustered": int((ids == NOISE).sum()),
        "communities": described.groupby("kind").size().to_dict(),
        "trends": "no timestamps: no trends" if log_end is None else "windows back from log end",
        "seconds": seconds,
    }
    return MapResult(points, clusters, tests, traj, months, described, log_end, facts)


def _df(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None) -> Any:
    return con.execute(sql.load(name), params or {}).df()


def _lap(t: float) -> float:
    return round(time.perf_counter() - t, 3)


def _log_end(con: duckdb.DuckDBPyConnection) -> pd.Timestamp | None:
    end = _df(con, "maps/log_end")["log_end"].iloc[0]
    return None if pd.isna(end) else pd.Timestamp(end)


def _no_months() -> pd.DataFrame:
    return pd.DataFrame({"artist_id": [], "month": [], "plays": [], "listeners": []})


def _artist_windows(
    con: duckdb.DuckDBPyConnection, log_end: pd.Timestamp | None, config: MapConfig
) -> pd.DataFrame | None:
    """Listeners and plays of each artist in the recent and the baseline windows."""
    if log_end is None:
        return None
    n = config.recent_windows + config.baseline_windows
    frame = _df(
        con,
        "maps/window_artists",
        {"log_end": log_end.to_pydatetime(), "days": config.window_days, "n_windows": n},
    )
    frame["recent"] = frame["window"] < config.recent_windows
    return frame


def _trends(
    con: duckdb.DuckDBPyConnection,
    of: pd.Series,
    members: pd.DataFrame,
    log_end: pd.Timestamp | None,
    config: MapConfig,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Burst tests, trajectories of every cluster in every community and each community's
    active listeners per window (all empty without timestamps)."""
    if log_end is None:
        empty = _empty_active()
        return burst_tests(_empty_counts(), empty, config), pd.DataFrame(), empty
    clustered = of[of != NOISE].reset_index()
    con.register("_map_cluster_of", clustered)
    con.register("_map_member_of", members)
    try:
        params = {"log_end": log_end.to_pydatetime(), "days": config.window_days}
        counts = con.execute(sql.load("maps/window_cluster_listeners"), params).df()
        active = con.execute(sql.load("maps/window_active"), params).df()
    finally:
        con.unregister("_map_cluster_of")
        con.unregister("_map_member_of")
    active["recent"] = active["window"] < config.recent_windows
    active["tested"] = active["window"] < config.recent_windows + config.baseline_windows
    tests = burst_tests(counts, active, config)
    return tests, trajectories(counts, active, log_end, config.window_days), active


def _empty_counts() -> pd.DataFrame:
    cols = ["cluster_id", "kind", "community_id", "window", "listeners", "plays"]
    return pd.DataFrame({c: [] for c in cols})


def _empty_active() -> pd.DataFrame:
    return pd.DataFrame({c: [] for c in ["kind", "community_id", "window", "active", "plays"]})


def _points(
    emb: Embedding,
    xy: np.ndarray,
    ids: np.ndarray,
    strength: np.ndarray,
    names: pd.Series,
    tags: pd.DataFrame,
    plays: pd.DataFrame,
    windows: pd.DataFrame | None,
    active: pd.DataFrame,
) -> pd.DataFrame:
    """One row per artist: position, cluster, tags, listeners, recent share and growth."""
    points = pd.DataFrame(
        {
            "artist_id": emb.artist_ids,
            "name": names.reindex(emb.artist_ids).to_numpy(),
            "x": xy[:, 0],
            "y": xy[:, 1],
            "cluster_id": ids,
            "strength": strength,
            "listeners": emb.listeners,
            "plays": emb.plays,
        }
    )
    points = points.merge(artist_tags(tags), on="artist_id", how="left")
    if windows is None:  # no timestamps: shares of all plays, no growth
        points["listen_share"] = points["plays"] / max(float(plays["plays"].sum()), 1.0)
        points["growth"] = np.nan
        return points
    by = (
        windows.groupby(["artist_id", "recent"])[["listeners", "plays"]]
        .sum()
        .unstack("recent", fill_value=0)
    )
    by = by.reindex(columns=pd.MultiIndex.from_product([["listeners", "plays"], [False, True]]))
    by = by.fillna(0)
    recent_plays = by[("plays", True)]
    total_recent = max(float(recent_plays.sum()), 1.0)
    share = (recent_plays / total_recent).rename("listen_share")
    everyone = active[(active["kind"] == "all") & active["tested"]]
    everyone = everyone.groupby("recent")["active"].sum()
    n1, n0 = float(everyone.get(True, 0.0)), float(everyone.get(False, 0.0))
    growth = ((by[("listeners", True)] + 0.5) / (n1 + 1)) / (
        (by[("listeners", False)] + 0.5) / (n0 + 1)
    )
    points = points.join(share, on="artist_id").join(growth.rename("growth"), on="artist_id")
    points["listen_share"] = points["listen_share"].fillna(0.0)
    return points


def _rec_slots(
    con: duckdb.DuckDBPyConnection, run_id: str | None, grain: str, config: MapConfig
) -> pd.DataFrame | None:
    if run_id is None:
        return None
    params = {"run_id": run_id, "grain": grain, "k": config.rec_k}
    return _df(con, "maps/rec_artists", params)


def _exposure(points: pd.DataFrame, slots: pd.DataFrame | None) -> pd.DataFrame:
    """Each artist's share of recommendation slots and its exposure gap (that share minus its
    share of recent listening)."""
    if slots is None:
        return points.assign(rec_slots=0, rec_share=np.nan, exposure_gap=np.nan)
    s = slots.set_index("artist_id")["slots"]
    points["rec_slots"] = s.reindex(points["artist_id"]).fillna(0).astype(np.int64).to_numpy()
    total = max(float(s.sum()), 1.0)
    points["rec_share"] = points["rec_slots"] / total
    points["exposure_gap"] = points["rec_share"] - points["listen_share"]
    return points


def _clusters(
    points: pd.DataFrame,
    labels: pd.DataFrame,
    plays: pd.DataFrame,
    of: pd.Series,
    tests: pd.DataFrame,
) -> pd.DataFrame:
    """One row per cluster: label, size, listeners, centre, exposure and the trend summary."""
    g = points.groupby("cluster_id")
    listeners = plays.join(of, on="artist_id").groupby("cluster_id")["user_id"].nunique()
    out = pd.DataFrame(
        {
            "artists": g.size(),
            "listeners": listeners.reindex(g.size().index).fillna(0).astype(np.int64),
            "plays": g["plays"].sum(),
            "x": g["x"].median(),
            "y": g["y"].median(),
            "listen_share": g["listen_share"].sum(),
            "rec_share": g["rec_share"].sum(min_count=1),
        }
    )
    out["exposure_gap"] = out["rec_share"] - out["listen_share"]
    out = labels.set_index("cluster_id").join(out, how="inner")
    ranked = rank_clusters(tests).set_index("cluster_id")
    out = out.join(ranked, how="left")
    out["significant"] = out["significant"].fillna(False).astype(bool)
    out["under_recommended"] = out["significant"] & (out["exposure_gap"] < 0)
    out["communities"] = [c if isinstance(c, list) else [] for c in out["communities"]]
    out["emerging_rank"] = out["emerging_rank"].astype("Int64")
    return out.reset_index().sort_values(["emerging_rank", "cluster_id"]).reset_index(drop=True)
