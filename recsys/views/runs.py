"""Read model runs back from the warehouse: summaries, metrics, curves, importances."""

from __future__ import annotations

import json
from typing import Any

import duckdb
import pandas as pd

from recsys import sql, warehouse
from recsys.errors import NotFittedError
from recsys.evaluation import headline_keys
from recsys.model import registry

__all__ = [
    "compare_runs",
    "feature_importance",
    "list_runs",
    "model_table",
    "run_details",
    "run_metrics",
    "run_summary",
    "significance",
    "training_curve",
]


def _require_runs(con: duckdb.DuckDBPyConnection) -> None:
    if not warehouse.table_exists(con, "runs"):
        raise NotFittedError("no model has been built yet: run `soundcheck build`")


def list_runs(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every run, newest first, with its headline figures."""
    _require_runs(con)
    return con.execute(sql.load("runs/list")).df()


def _resolve(con: duckdb.DuckDBPyConnection, run_id: str | None) -> str:
    runs = list_runs(con)
    if runs.empty:
        raise NotFittedError("no model has been built yet: run `soundcheck build`")
    if run_id is None:
        return str(runs["run_id"].iloc[0])
    if run_id not in set(runs["run_id"]):
        raise NotFittedError(f"no run {run_id!r} in this warehouse")
    return run_id


def run_summary(con: duckdb.DuckDBPyConnection, run_id: str | None = None) -> dict[str, Any]:
    """The ``soundcheck metrics --json`` object of a run (default: the latest)."""
    rid = _resolve(con, run_id)
    row = con.execute(sql.load("runs/summary"), {"run": rid}).fetchone()
    assert row is not None
    return dict(json.loads(row[0]))


def run_metrics(con: duckdb.DuckDBPyConnection, run_ids: list[str]) -> pd.DataFrame:
    """Metrics of the given runs: ``run_id, model, metric, value``."""
    _require_runs(con)
    return con.execute(sql.load("runs/metrics"), {"runs": run_ids}).df()


def training_curve(con: duckdb.DuckDBPyConnection, run_id: str) -> pd.DataFrame:
    """NDCG per boosting round on the training and validation users of a run."""
    return con.execute(sql.load("runs/curve"), {"run": _resolve(con, run_id)}).df()


def feature_importance(con: duckdb.DuckDBPyConnection, run_id: str) -> pd.DataFrame:
    """Gain importance of every feature of a run, with its group and description."""
    return con.execute(sql.load("runs/importance"), {"run": _resolve(con, run_id)}).df()


def significance(con: duckdb.DuckDBPyConnection, run_id: str) -> pd.DataFrame:
    """Paired test of the ranker against the best baseline for a run."""
    return con.execute(sql.load("runs/significance"), {"run": _resolve(con, run_id)}).df()


def model_table(con: duckdb.DuckDBPyConnection, run_id: str | None = None) -> pd.DataFrame:
    """Models x headline metrics of a run, with the ranker's standing.

    Adds ``vs_best_baseline`` (NDCG@10 divided by the best baseline's) and ``share_of_oracle``
    (NDCG@10 divided by the oracle's, where the data has a planted truth).
    """
    rid = _resolve(con, run_id)
    long = run_metrics(con, [rid])
    wide = long.pivot_table(index="model", columns="metric", values="value")
    order = [m for m in registry.model_order() if m in wide.index]
    wide = wide.reindex(order)[list(headline_keys())]
    wide.columns.name = None
    baselines = [m for m in wide.index if m not in (registry.RANKER, registry.ORACLE)]
    best = wide.loc[baselines, "ndcg@10"].max() if baselines else float("nan")
    wide["vs_best_baseline"] = wide["ndcg@10"] / best
    oracle = wide["ndcg@10"].get(registry.ORACLE, float("nan"))
    wide["share_of_oracle"] = wide["ndcg@10"] / oracle
    return wide.reset_index()


def compare_runs(con: duckdb.DuckDBPyConnection, run_a: str, run_b: str) -> pd.DataFrame:
    """Headline metrics of two runs side by side: ``model, metric, a, b, change``."""
    long = run_metrics(con, [_resolve(con, run_a), _resolve(con, run_b)])
    headline = headline_keys()
    long = long[long["metric"].isin(headline)]
    wide = long.pivot_table(index=["model", "metric"], columns="run_id", values="value")
    out = pd.DataFrame({"a": wide.get(run_a), "b": wide.get(run_b)}, index=wide.index).reset_index()
    out["change"] = out["b"] - out["a"]
    order = {m: i for i, m in enumerate(registry.model_order())}
    out["_o"] = out["model"].map(order).fillna(len(order))
    out["_m"] = out["metric"].map({m: i for i, m in enumerate(headline)})
    return out.sort_values(["_o", "_m"]).drop(columns=["_o", "_m"]).reset_index(drop=True)


def run_details(con: duckdb.DuckDBPyConnection, run_id: str | None = None) -> dict[str, Any]:
    """Config, split, timings and skipped generators of a run, as dicts."""
    rid = _resolve(con, run_id)
    row = con.execute(sql.load("runs/details"), {"run": rid}).fetchone()
    assert row is not None
    config, split, timings, skipped, model_path, dv = row
    return {
        "run_id": rid,
        "config": json.loads(config),
        "split": json.loads(split),
        "timings": json.loads(timings),
        "skipped": json.loads(skipped),
        "model_path": model_path,
        "data_version": dv,
    }
