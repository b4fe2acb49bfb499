"""What a build produces (:class:`BuildOutputs`) and writes: the run summary, metrics,
recommendations and their features.

Every table is tagged with the run's id; the caller's transaction (``warehouse.building``)
makes the whole run appear at once or not at all.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import numpy as np
import pandas as pd

from recsys import sql, warehouse
from recsys.evaluation import PairedTestResult, headline_keys
from recsys.model import registry
from recsys.model.features import feature_table
from recsys.model.ranker import Ranker
from recsys.model.split import Split
from recsys.schema import Grain, Task

if TYPE_CHECKING:
    from recsys.model.config import BuildConfig

__all__ = [
    "BuildOutputs",
    "Significance",
    "oracle_ranking",
    "record_timings",
    "summary_json",
    "write_run",
]


@dataclass(frozen=True)
class Significance:
    """The paired test of the ranker against the best baseline (by NDCG@10)."""

    baseline: str
    result: PairedTestResult


@dataclass(frozen=True)
class BuildOutputs:
    """Everything a build computed, before it is written as a run.

    Attributes:
        grain: the items ranked (tracks or artists).
        split: the evaluation split.
        ranker: the ranker retrained on the latest window (it made ``recommendations``).
        train_ranker: the ranker fitted on the label window (it was evaluated).
        metrics: models x metrics on the test users, with ``users`` and ``users_with_reco``.
        per_user: ``model, user_id`` and one column per metric.
        candidate_recall: share of test targets the candidate union contains.
        significance: the ranker against the best baseline.
        skipped: generators that declined to fit, with the reason.
        recommendations: the final top k of every user, ``sources`` decoded to names.
        rec_features: the features of every recommended item, with its ``rank``.
        candidates: every candidate the final ranker scored (each user's best
            ``config.stored_candidates`` when set), with every feature, ``sources`` (the
            generator bitmask), ``score`` (raw ranker score) and ``rank``.
        test_candidates: the evaluated users' candidates on the test window with the
            evaluated ranker's ``score`` and ``rank`` (``user_id, item_id, sources``), for
            re-ranking experiments judged on the test window (``split.test``).
        timings: seconds per stage.
        n_train_rows: candidate rows the ranker was trained on.
        oracle_sample: where the oracle was scored on a sample of the test users, the
            sample's size and each headline metric's 95% interval (see
            :func:`sample_interval`); ``None`` when it ranked every test user.
    """

    grain: Grain
    split: Split
    ranker: Ranker
    train_ranker: Ranker
    metrics: pd.DataFrame
    per_user: pd.DataFrame
    candidate_recall: float
    significance: Significance
    skipped: dict[str, str]
    recommendations: pd.DataFrame
    rec_features: pd.DataFrame
    candidates: pd.DataFrame
    test_candidates: pd.DataFrame
    timings: dict[str, float]
    n_train_rows: int
    oracle_sample: dict[str, Any] | None = None


def sample_interval(per_user: pd.DataFrame, population: int) -> dict[str, Any]:
    """Size of a simple random sample of users and the 95% interval of each headline metric.

    The interval is the sample mean ± 1.96 standard errors, with the finite-population
    correction ``sqrt((N - n) / (N - 1))`` because the sample is drawn without replacement from
    the ``population`` of ``N`` test users.

    Args:
        per_user: one model's per-user metric values on the ``n`` sampled users.
        population: the number of test users the sample was drawn from.

    Returns:
        ``{"users": n, "of": N, "ci95": {metric: [low, high]}}``.
    """
    n = len(per_user)
    fpc = np.sqrt((population - n) / (population - 1)) if population > 1 else 0.0
    ci: dict[str, list[float]] = {}
    for key in headline_keys():
        values = per_user[key].to_numpy(np.float64)
        mean = float(values.mean())
        half = 1.96 * float(values.std(ddof=1)) / np.sqrt(n) * fpc if n > 1 else float("nan")
        ci[key] = [float(mean - half), float(mean + half)]
    return {"users": n, "of": population, "ci95": ci}


def oracle_ranking(
    con: duckdb.DuckDBPyConnection,
    history: pd.DataFrame,
    users: np.ndarray,
    k: int,
    grain: Grain,
    task: Task,
) -> pd.DataFrame | None:
    """The truth's own ranking on synthetic data (None where no truth is stored)."""
    from recsys.synth import PreferenceModel

    if not warehouse.table_exists(con, "ground_truth_user_taste"):
        return None
    model = PreferenceModel.from_warehouse(con)
    seen = history[["user_id", "item_id"]].drop_duplicates()
    if task == "discovery":
        return model.top_k(users, k, grain=grain, exclude=seen)
    # repeat: rank only what each user has heard, by true preference
    items = model.track_ids if grain == "track" else model.artist_ids
    frames = []
    for lo in range(0, len(users), 256):
        chunk = users[lo : lo + 256]
        s = model.scores(chunk, grain)
        mask = np.full(s.shape, True)
        sub = seen[seen["user_id"].isin(chunk)]
        rows = np.searchsorted(chunk, sub["user_id"].to_numpy())
        cols = np.searchsorted(items, sub["item_id"].to_numpy())
        mask[rows, cols] = False
        s[mask] = -np.inf
        order = np.argsort(-s, axis=1)[:, :k]
        sc = np.take_along_axis(s, order, axis=1)
        f = pd.DataFrame(
            {
                "user_id": np.repeat(chunk, order.shape[1]),
                "item_id": items[order.ravel()],
                "score": sc.ravel(),
                "rank": np.tile(np.arange(1, order.shape[1] + 1), len(chunk)),
            }
        )
        frames.append(f[np.isfinite(f["score"])])
    return pd.concat(frames, ignore_index=True)


def summary_json(
    run_id: str,
    task: Task,
    metrics: pd.DataFrame,
    candidate_recall: float,
    users: int,
    *,
    oracle_sample: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The ``soundcheck metrics --json`` object: every known model's headline metrics.

    When the oracle was scored on a sample of the test users, ``oracle_sample`` (from
    :func:`sample_interval`) is kept under that key.
    """
    keys = headline_keys()
    order = registry.model_order()
    models = {m: {k: float(metrics.loc[m, k]) for k in keys} for m in order if m in metrics.index}
    summary = {
        "run_id": run_id,
        "task": task,
        "users_evaluated": users,
        "candidate_recall": candidate_recall,
        "models": models,
    }
    if oracle_sample is not None:
        summary["oracle_sample"] = oracle_sample
    return summary


def write_run(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    config: BuildConfig,
    out: BuildOutputs,
    summary: dict[str, Any],
    data_version: str,
    model_path: Path,
) -> None:
    """Insert every output of a run; the caller's transaction makes it all-or-nothing."""
    con.execute(sql.load("model/outputs"))
    con.execute(
        sql.load("model/insert_run"),
        {
            "run_id": run_id,
            "created": datetime.now(UTC).replace(tzinfo=None),
            "task": config.task,
            "grain": out.grain,
            "protocol": out.split.protocol,
            "data_version": data_version,
            "config": json.dumps(config.to_dict()),
            "split": json.dumps(out.split.summary(), default=str),
            "timings": json.dumps(out.timings),
            "summary": json.dumps(summary),
            "skipped": json.dumps(out.skipped),
            "model_path": str(model_path),
        },
    )
    metrics = out.metrics.drop(columns=["users", "users_with_reco"], errors="ignore")
    long = metrics.reset_index(names="model").melt(id_vars="model", var_name="metric")
    long = pd.concat(
        [
            long,
            pd.DataFrame(
                [
                    {
                        "model": "candidates",
                        "metric": "candidate_recall",
                        "value": out.candidate_recall,
                    }
                ]
            ),
        ],
        ignore_index=True,
    )
    per_user = out.per_user.melt(id_vars=["model", "user_id"], var_name="metric")
    best, sig = out.significance.baseline, out.significance.result
    significance = pd.DataFrame(
        [
            {
                "model_a": registry.RANKER,
                "model_b": best,
                "metric": "ndcg@10",
                "n_users": sig.n_users,
                "mean_a": sig.mean_a,
                "mean_b": sig.mean_b,
                "mean_diff": sig.mean_diff,
                "ci_low": sig.ci_low,
                "ci_high": sig.ci_high,
                "p_value": sig.p_value,
            }
        ]
    )
    ranker: Ranker = out.ranker
    catalog = feature_table(registry.generator_names()).merge(
        ranker.gain_importance().rename(columns={"feature": "name", "share": "gain_share"}),
        on="name",
        how="left",
    )
    curve = pd.DataFrame(
        [
            {"iteration": i + 1, "split": name, "ndcg": v}
            for name, values in out.train_ranker.curve.items()
            for i, v in enumerate(values)
        ]
    )
    reco = out.recommendations[["user_id", "item_id", "rank", "score", "sources"]]
    for table, frame in (
        ("metrics", long[["model", "metric", "value"]]),
        ("metrics_per_user", per_user[["model", "user_id", "metric", "value"]]),
        ("significance", significance),
        ("recommendations", reco),
        ("feature_catalog", catalog[["name", "group", "description", "gain", "gain_share"]]),
        ("training_curve", curve[["iteration", "split", "ndcg"]]),
    ):
        con.register("_run_rows", frame)
        con.execute(
            f"INSERT INTO {table} BY NAME SELECT $run_id AS run_id, * FROM _run_rows",
            {"run_id": run_id},
        )
        con.unregister("_run_rows")
    feats = out.rec_features.drop(columns=["sources"], errors="ignore")
    con.register("_run_rows", feats)
    if not warehouse.table_exists(con, "rec_features"):
        con.execute(
            "CREATE TABLE rec_features AS SELECT $run_id AS run_id, * FROM _run_rows LIMIT 0",
            {"run_id": run_id},
        )
    con.execute(
        "INSERT INTO rec_features BY NAME SELECT $run_id AS run_id, * FROM _run_rows",
        {"run_id": run_id},
    )
    con.unregister("_run_rows")


def record_timings(con: duckdb.DuckDBPyConnection, run_id: str, timings: dict[str, float]) -> None:
    """Store the run's final timings (its stages and total are known only after writing)."""
    con.execute(
        sql.load("model/update_timings"), {"run_id": run_id, "timings": json.dumps(timings)}
    )
