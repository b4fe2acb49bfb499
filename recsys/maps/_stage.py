"""The map's run stage: compute the genre map at ``soundcheck build`` and write its tables,
each row tagged with the run, inside the build's transaction.

Tables (``recsys/sql/maps/schema.sql``, described in ``docs/maps.md``): ``map_runs``,
``map_points``, ``clusters``, ``cluster_trends``, ``cluster_trajectories``, ``map_months``,
``map_communities``.
"""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING, Final

import duckdb
import pandas as pd

from recsys import sql
from recsys.errors import DataError
from recsys.maps._compute import MapResult, compute_map
from recsys.maps._config import MapConfig

if TYPE_CHECKING:
    from recsys.model.stages import RunContext

__all__ = ["MAP_TABLES", "run_map_stage", "write_map", "write_skipped"]

log = logging.getLogger(__name__)

MAP_TABLES: Final = (
    "map_runs",
    "map_points",
    "clusters",
    "cluster_trends",
    "cluster_trajectories",
    "map_months",
    "map_communities",
)
"""Every table the map stage writes (the allow-list of :func:`write_map`)."""


def run_map_stage(con: duckdb.DuckDBPyConnection, ctx: RunContext) -> None:
    """The ``map`` run stage: the genre map of the warehouse, with the run's recommendations
    as the exposure side, written under ``ctx.run_id``."""
    config = MapConfig(seed=ctx.config.seed)
    try:
        result = compute_map(con, config, run_id=ctx.run_id, grain=ctx.outputs.grain)
    except DataError as exc:  # too little data for a map: the run stands, without one
        log.warning("no genre map for run %s: %s", ctx.run_id, exc)
        write_skipped(con, ctx.run_id, str(ctx.outputs.grain), config, str(exc))
        return
    write_map(con, ctx.run_id, str(ctx.outputs.grain), config, result)


def write_skipped(
    con: duckdb.DuckDBPyConnection, run_id: str, grain: str, config: MapConfig, reason: str
) -> None:
    """Record that a run has no map, and why (readers say so instead of "built before")."""
    con.execute(sql.load("maps/schema"))
    summary = pd.DataFrame(
        [
            {
                "grain": grain,
                "artists": 0,
                "clusters": 0,
                "tests": 0,
                "log_end": None,
                "config": json.dumps(config.to_dict()),
                "facts": json.dumps({"skipped": reason}),
            }
        ]
    )
    _insert(con, "map_runs", summary, run_id)


def write_map(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    grain: str,
    config: MapConfig,
    result: MapResult,
) -> None:
    """Create the map tables if needed and insert ``result`` under ``run_id``."""
    con.execute(sql.load("maps/schema"))
    summary = pd.DataFrame(
        [
            {
                "grain": grain,
                "artists": len(result.points),
                "clusters": int((result.clusters["cluster_id"] >= 0).sum()),
                "tests": len(result.tests),
                "log_end": result.log_end,
                "config": json.dumps(config.to_dict()),
                "facts": json.dumps(result.facts, default=str),
            }
        ]
    )
    clusters = result.clusters.assign(
        communities=[json.dumps(c) for c in result.clusters["communities"]]
    )
    frames = {
        "map_runs": summary,
        "map_points": result.points,
        "clusters": clusters,
        "cluster_trends": result.tests,
        "cluster_trajectories": result.trajectories,
        "map_months": result.months,
        "map_communities": result.communities,
    }
    for table, frame in frames.items():
        _insert(con, table, frame, run_id)


def _insert(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame, run_id: str) -> None:
    if table not in MAP_TABLES:
        raise ValueError(f"not a map table: {table!r}")
    if frame.empty:
        return
    con.register("_map_rows", frame)
    try:
        con.execute(  # table name from the allow-list above
            f"INSERT INTO {table} BY NAME SELECT $run_id AS run_id, * FROM _map_rows",
            {"run_id": run_id},
        )
    finally:
        con.unregister("_map_rows")
