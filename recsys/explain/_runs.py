"""Read a run's stored explanations back: which runs have them, the run's booster, the global
figures (importance, cohorts, interactions, the SHAP sample) and feature statistics.

Every reader names what is missing and what to do: no run at all, an unknown run id, or a run
built before explanations were stored.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import duckdb
import pandas as pd

from recsys import sql, warehouse
from recsys.errors import NotFittedError
from recsys.explain._groups import feature_groups, group_label

if TYPE_CHECKING:
    from recsys.model.ranker import Ranker

__all__ = [
    "RunInfo",
    "cohort_comparison",
    "explained_runs",
    "feature_stats",
    "global_importance",
    "interactions",
    "load_ranker",
    "resolve_run",
    "sample",
]

_BUILD = "run `soundcheck build` to make a run with explanations"


@dataclass(frozen=True)
class RunInfo:
    """A run that has stored explanations.

    Attributes:
        run_id: the run.
        model_path: its saved booster (``models/<run_id>.txt``).
        grain: items are tracks or artists.
        task: discovery or repeat.
        cutoff: the instant the final features describe (None for timeless aggregate data).
        base_value: the ranker's expected raw score (SHAP base value).
        features: the ranker's features in model order.
        catalog: ``name, group, description`` of each feature (explanation groups).
        sample_users: listeners in the global sample.
        sample_rows: candidates in the global sample.
        config: the explanations stage's configuration.
        typical: median over the run's candidates of the features whose typical value guards
            a reason (skip rate, country popularity).
    """

    run_id: str
    model_path: Path
    grain: str
    task: str
    cutoff: pd.Timestamp | None
    base_value: float
    features: tuple[str, ...]
    catalog: pd.DataFrame
    sample_users: int
    sample_rows: int
    config: dict[str, Any]
    typical: dict[str, float]

    @property
    def events(self) -> bool:
        """Whether the run was built on timestamped plays (else on aggregate play counts)."""
        return self.cutoff is not None

    @property
    def groups(self) -> pd.Series:
        """Feature name -> explanation group."""
        return pd.Series(self.catalog["group"].to_numpy(), index=self.catalog["name"])


def explained_runs(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Runs with stored explanations, newest first (empty when there is none)."""
    if not warehouse.table_exists(con, "explain_runs"):
        return pd.DataFrame(columns=["run_id", "created_at", "task", "grain", "sample_users"])
    return con.execute(sql.load("explain/explained_runs")).df()


def resolve_run(con: duckdb.DuckDBPyConnection, run_id: str | None = None) -> RunInfo:
    """The run ``run_id`` (default: the newest run), which must have stored explanations.

    Raises:
        NotFittedError: no run was built, ``run_id`` is unknown, or the run was built before
            explanations were stored; the message says what to do.
    """
    if not warehouse.table_exists(con, "runs"):
        raise NotFittedError(f"no model has been built on this warehouse yet: {_BUILD}")
    if run_id is None:
        latest = con.execute(sql.load("explain/latest_run")).fetchall()
        if not latest:
            raise NotFittedError(f"no model has been built on this warehouse yet: {_BUILD}")
        run_id = str(latest[0][0])
    if not con.execute(sql.load("explain/run_exists"), {"run": run_id}).fetchall():
        raise NotFittedError(
            f"no run {run_id!r} in this warehouse: `soundcheck metrics` shows the latest run"
        )
    before = NotFittedError(f"run {run_id} was built before explanations were stored: {_BUILD}")
    if not warehouse.table_exists(con, "explain_runs"):
        raise before
    frame = con.execute(sql.load("explain/run_info"), {"run": run_id}).df()
    if frame.empty or not bool(frame["explained"].iloc[0]):
        raise before
    row = frame.iloc[0]
    features = tuple(str(f) for f in row["features"])
    cutoff = None if pd.isna(row["cutoff"]) else pd.Timestamp(row["cutoff"])
    return RunInfo(
        run_id=run_id,
        model_path=Path(str(row["model_path"])),
        grain=str(row["grain"]),
        task=str(row["task"]),
        cutoff=cutoff,
        base_value=float(row["base_value"]),
        features=features,
        catalog=feature_groups(features),
        sample_users=int(row["sample_users"]),
        sample_rows=int(row["sample_rows"]),
        config=dict(json.loads(row["config"])),
        typical=_typical(con, run_id),
    )


_TYPICAL = ("item_skip_rate", "country_popularity")
"""Features whose typical value (median over the run's candidates) guards a reason."""


def _typical(con: duckdb.DuckDBPyConnection, run_id: str) -> dict[str, float]:
    stats = con.execute(sql.load("explain/feature_stats"), {"run": run_id}).df()
    return {
        str(f): float(m)
        for f, m in zip(stats["feature"], stats["median"], strict=True)
        if f in _TYPICAL and pd.notna(m)
    }


def load_ranker(info: RunInfo, warehouse_path: Path | None = None) -> Ranker:
    """The run's saved booster; a relative model path is also looked up beside the warehouse.

    Raises:
        NotFittedError: the model file is gone (the message names it).
    """
    from recsys.model.ranker import Ranker

    path = info.model_path
    if not path.is_file() and not path.is_absolute() and warehouse_path is not None:
        beside = warehouse_path.resolve().parent / path
        path = beside if beside.is_file() else path
    return Ranker.load(path)


def global_importance(
    con: duckdb.DuckDBPyConnection, info: RunInfo, level: Literal["feature", "group"]
) -> pd.DataFrame:
    """Mean |SHAP| (and mean SHAP) per feature or group over the run's sample, largest first."""
    return con.execute(sql.load("explain/importance"), {"run": info.run_id, "level": level}).df()


def cohort_comparison(
    con: duckdb.DuckDBPyConnection,
    info: RunInfo,
    dimension: str,
    level: Literal["feature", "group"],
) -> pd.DataFrame:
    """Mean SHAP per cohort of ``dimension`` with bootstrap 95% intervals, and a ``label`` for
    each feature or group (groups as people read them: "candidate generators")."""
    params = {"run": info.run_id, "dimension": dimension, "level": level}
    frame = con.execute(sql.load("explain/cohorts"), params).df()
    labels = [group_label(n) if level == "group" else n for n in frame["name"]]
    return frame.assign(label=labels)


def interactions(con: duckdb.DuckDBPyConnection, info: RunInfo) -> pd.DataFrame:
    """Each feature's strongest interaction partner: ``feature, partner, strength``."""
    return con.execute(sql.load("explain/interactions"), {"run": info.run_id}).df()


def feature_stats(con: duckdb.DuckDBPyConnection, info: RunInfo) -> pd.DataFrame:
    """Group, description and quantiles of each feature over the run's candidates."""
    frame = con.execute(sql.load("explain/feature_stats"), {"run": info.run_id}).df()
    order = {name: i for i, name in enumerate(info.features)}
    frame = frame.assign(_o=frame["feature"].map(order)).sort_values("_o")
    return frame.drop(columns="_o").reset_index(drop=True)


def sample(con: duckdb.DuckDBPyConnection, info: RunInfo) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The global sample: SHAP values and feature values, row for row.

    Returns:
        ``(shap, values)``, both with ``user_id, item_id, rank, score`` and one column per
        feature; ``shap`` also has ``bias``.
    """
    shap = con.execute(sql.load("explain/sample_shap"), {"run": info.run_id}).df()
    values = con.execute(sql.load("explain/sample_values"), {"run": info.run_id}).df()
    return shap.reset_index(drop=True), values.reset_index(drop=True)
