"""Read a run's genre map back from the warehouse: the frames the Discover pages and
``soundcheck trends`` show.

Every reader takes the connection first and a ``run_id`` (None: the newest run with a map)
and raises :class:`~recsys.errors.NotFittedError` with one clear sentence when there is no
such run or the run has no map.
"""

from __future__ import annotations

import json
from typing import Any

import duckdb
import pandas as pd

from recsys import sql, warehouse
from recsys.errors import NotFittedError

__all__ = [
    "cluster_trajectory",
    "map_cluster_tests",
    "map_clusters",
    "map_communities",
    "map_info",
    "map_month_list",
    "map_month_plays",
    "map_months",
    "map_points",
    "map_runs",
    "map_test_count",
    "map_tests",
    "resolve_run",
    "trends_json",
]


def _df(con: duckdb.DuckDBPyConnection, name: str, params: dict[str, Any] | None = None) -> Any:
    return con.execute(sql.load(name), params or {}).df()


def map_runs(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Runs with a genre map, newest first (empty when there is none)."""
    if not (warehouse.table_exists(con, "map_runs") and warehouse.table_exists(con, "runs")):
        return pd.DataFrame(columns=["run_id", "created_at", "task", "grain", "artists"])
    return _df(con, "maps/read_runs")


def resolve_run(con: duckdb.DuckDBPyConnection, run_id: str | None = None) -> str:
    """``run_id`` if it has a map, else the newest run with one when ``run_id`` is None.

    Raises:
        NotFittedError: no such run, a run without a map, or no map at all.
    """
    runs = map_runs(con)
    if run_id is None:
        if runs.empty:
            raise NotFittedError(
                "no run in this warehouse has a genre map: run `soundcheck build` first"
            )
        return str(runs["run_id"].iloc[0])
    if run_id in set(runs["run_id"].astype(str)):
        return run_id
    if warehouse.table_exists(con, "map_runs"):
        skipped = _df(con, "maps/read_map_run", {"run_id": run_id})
        if not skipped.empty:
            reason = json.loads(skipped["facts"].iloc[0]).get("skipped", "no artists")
            raise NotFittedError(f"run {run_id!r} has no genre map: {reason}")
    known = warehouse.table_exists(con, "runs") and bool(
        _df(con, "maps/run_exists", {"run_id": run_id})["n"].iloc[0]
    )
    if known:
        raise NotFittedError(
            f"run {run_id!r} has no genre map (it was built before the map existed): "
            "build a new run"
        )
    raise NotFittedError(f"no run {run_id!r} in this warehouse")


def map_info(con: duckdb.DuckDBPyConnection, run_id: str | None = None) -> dict[str, Any]:
    """A map's summary: grain, artists, clusters, tests, log end, configuration and facts."""
    rid = resolve_run(con, run_id)
    row = _df(con, "maps/read_map_run", {"run_id": rid}).iloc[0].to_dict()
    row["config"] = json.loads(row["config"])
    row["facts"] = json.loads(row["facts"])
    return row


def map_points(con: duckdb.DuckDBPyConnection, run_id: str | None = None) -> pd.DataFrame:
    """Every artist on the map: position, cluster and its label, tags, listeners, shares of
    listening and recommendations, exposure gap and growth."""
    return _df(con, "maps/read_points", {"run_id": resolve_run(con, run_id)})


def map_clusters(con: duckdb.DuckDBPyConnection, run_id: str | None = None) -> pd.DataFrame:
    """Every cluster, most emerging first; ``communities`` decoded to a list of dicts and
    ``top_genres`` to a list."""
    frame = _df(con, "maps/read_clusters", {"run_id": resolve_run(con, run_id)})
    frame["communities"] = [json.loads(c) if c else [] for c in frame["communities"]]
    frame["top_genres"] = [list(g) for g in frame["top_genres"]]
    return frame


def map_tests(con: duckdb.DuckDBPyConnection, run_id: str | None = None) -> pd.DataFrame:
    """Every burst test (cluster x community) with the community's name, strongest first."""
    return _df(con, "maps/read_tests", {"run_id": resolve_run(con, run_id)})


def map_test_count(con: duckdb.DuckDBPyConnection, run_id: str | None = None) -> int:
    """How many burst tests the map holds: ``len(map_tests(...))``, counted in the database."""
    frame = _df(con, "maps/count_tests", {"run_id": resolve_run(con, run_id)})
    return int(frame["tests"].iloc[0])


def map_cluster_tests(
    con: duckdb.DuckDBPyConnection, cluster_id: int, run_id: str | None = None
) -> pd.DataFrame:
    """One cluster's burst tests, strongest first: ``cluster_tests(map_tests(...), cluster_id)``
    read from the database."""
    params = {"run_id": resolve_run(con, run_id), "cluster_id": int(cluster_id)}
    return _df(con, "maps/read_cluster_tests", params)


def cluster_trajectory(
    con: duckdb.DuckDBPyConnection, cluster_id: int, run_id: str | None = None
) -> pd.DataFrame:
    """One cluster's listeners and share of active listeners per window and community."""
    params = {"run_id": resolve_run(con, run_id), "cluster_id": int(cluster_id)}
    return _df(con, "maps/read_trajectories", params)


def map_months(con: duckdb.DuckDBPyConnection, run_id: str | None = None) -> pd.DataFrame:
    """Plays and listeners of every artist on the map per month (empty without timestamps)."""
    return _df(con, "maps/read_months", {"run_id": resolve_run(con, run_id)})


def map_month_list(con: duckdb.DuckDBPyConnection, run_id: str | None = None) -> list[str]:
    """The months of the map's listening, oldest first, as ``YYYY-MM-01`` (empty without
    timestamps): :func:`~recsys.maps.month_choices` of :func:`map_months`, read as such."""
    frame = _df(con, "maps/read_month_list", {"run_id": resolve_run(con, run_id)})
    return [str(m) for m in frame["month"]]


def map_month_plays(
    con: duckdb.DuckDBPyConnection, month: str, run_id: str | None = None
) -> pd.Series:
    """Plays of every artist on the map in one month (a day of it, ``YYYY-MM-DD``): a series
    named ``plays`` indexed by ``artist_id``, artists in order; empty for a month without
    listening."""
    first = pd.Timestamp(month).to_period("M").start_time.date()
    frame = _df(con, "maps/read_month_plays", {"run_id": resolve_run(con, run_id), "month": first})
    return frame.set_index("artist_id")["plays"]


def map_communities(con: duckdb.DuckDBPyConnection, run_id: str | None = None) -> pd.DataFrame:
    """The communities the trend tests compared, with their names and sizes."""
    return _df(con, "maps/read_communities", {"run_id": resolve_run(con, run_id)})


def trends_json(con: duckdb.DuckDBPyConnection, run_id: str | None = None) -> dict[str, Any]:
    """The ``soundcheck trends --json`` object: every cluster, most emerging first, with its
    label, top genres, driving communities, growth, burst score, significance and exposure
    gap (share of recommendations minus share of recent listening)."""
    rid = resolve_run(con, run_id)
    frame = map_clusters(con, rid)
    frame = frame[frame["cluster_id"] >= 0]
    out = []
    for row in frame.itertuples(index=False):
        out.append(
            {
                "cluster_id": int(row.cluster_id),
                "label": str(row.label),
                "top_genres": [str(g) for g in row.top_genres],
                "communities": [
                    {"kind": c["kind"], "id": c["id"], "growth": _num(c["growth"])}
                    | {k: _num(c[k]) for k in ("score", "q_value") if k in c}
                    for c in row.communities
                ],
                "growth": _num(row.growth),
                "score": _num(row.score),
                "p_value": _num(row.p_value),
                "q_value": _num(row.q_value),
                "significant": bool(row.significant),
                "exposure_gap": _num(row.exposure_gap),
                "under_recommended": bool(row.under_recommended),
            }
        )
    return {"run_id": rid, "clusters": out}


def _num(x: Any) -> float | None:
    """A JSON number, or None for a missing value (NaN is not JSON)."""
    if x is None or pd.isna(x):
        return None
    return round(float(x), 6)
