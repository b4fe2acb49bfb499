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
    "glossary",
    "is_stale",
    "list_runs",
    "model_table",
    "paired_gain_sentence",
    "run_details",
    "run_facts",
    "run_metrics",
    "run_summary",
    "significance",
    "training_curve",
]


def _require_runs(con: duckdb.DuckDBPyConnection) -> None:
    if not warehouse.table_exists(con, "runs"):
        raise NotFittedError("no model has been built yet: run `soundcheck build`")


def list_runs(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every run, newest first, with its headline figures and ``stale``: whether the
    warehouse's data changed after the run was built (its figures describe older data)."""
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


def is_stale(con: duckdb.DuckDBPyConnection, run_id: str | None = None) -> bool:
    """Whether the data changed after run ``run_id`` (default: the latest) was built."""
    rid = _resolve(con, run_id)
    runs = list_runs(con).set_index("run_id")
    return bool(runs.loc[rid, "stale"])


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
    out = wide.reset_index()
    out.insert(1, "label", [registry.model_label(m) for m in out["model"]])
    return out


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
    out.insert(1, "label", [registry.model_label(m) for m in out["model"]])
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


_STAGE_LABELS = {
    "split": "splitting the data",
    "train_candidates_features": "candidates and features for training",
    "train_ranker": "training the ranker",
    "test_candidates_features": "candidates and features for testing",
    "evaluate": "evaluating every model",
    "retrain_ranker": "retraining on the latest window",
    "final_recommendations": "recommendations for everyone",
    "total": "whole build",
}


def run_facts(details: dict[str, Any]) -> pd.DataFrame:
    """A run's split, timings and configuration as readable rows ``section, what, value``.

    Args:
        details: :func:`run_details` of the run.
    """
    rows: list[tuple[str, str, str]] = []
    split = details["split"]
    for key, label in (
        ("protocol", "protocol"),
        ("label_start", "label window starts"),
        ("test_start", "test window starts"),
        ("end", "data ends"),
    ):
        if split.get(key) is not None:
            rows.append(("split", label, str(split[key])))
    for key, label in (
        ("train_features", "history for training features"),
        ("train_labels", "label-window targets"),
        ("test_features_history", "history for test features"),
        ("test", "test-window targets"),
    ):
        part = split.get(key)
        if isinstance(part, dict):
            rows.append(("split", label, f"{part['rows']:,} rows, {part['users']:,} listeners"))
    for key, seconds in details["timings"].items():
        rows.append(("seconds", _STAGE_LABELS.get(key, key.replace("_", " ")), f"{seconds:,.1f}"))
    for key, value in _flatten(details["config"]):
        rows.append(("configuration", key, str(value)))
    for name, reason in details["skipped"].items():
        rows.append(("skipped generator", registry.model_label(name), str(reason)))
    return pd.DataFrame(rows, columns=["section", "what", "value"])


def _flatten(config: dict[str, Any], prefix: str = "") -> list[tuple[str, Any]]:
    out: list[tuple[str, Any]] = []
    for key, value in config.items():
        name = f"{prefix}{key}".replace("_", " ")
        if isinstance(value, dict):
            out.extend(_flatten(value, f"{prefix}{key}."))
        else:
            out.append((name, value))
    return out


def glossary() -> pd.DataFrame:
    """Every term the Runs page uses, with a plain-language definition: ``term, meaning``."""
    from recsys.evaluation import headline_metrics

    rows = [(m.label, m.definition) for m in headline_metrics()]
    rows += [
        (
            "Candidate recall",
            "The share of the items listeners really played that are among the ~300 "
            "candidates the re-ranker chooses from: no ranking can find more.",
        ),
        (
            "vs best baseline",
            "The ranker's NDCG@10 divided by that of the best single candidate generator: "
            "1.25x means a quarter better.",
        ),
        (
            "Share of oracle",
            "The ranker's NDCG@10 divided by that of ranking by the planted true preference "
            "(synthetic data only): how close it gets to the best possible ranking.",
        ),
        (
            "Paired gain",
            "The ranker's NDCG@10 minus the best baseline's, listener by listener, averaged. "
            "The 95% interval comes from resampling listeners (bootstrap); when it does not "
            "include 0 the gain is not luck.",
        ),
        (
            "p-value (Wilcoxon)",
            "How likely a gain this large would be if the ranker were no better than the "
            "baseline (a signed-rank test over listeners); below 0.05 is the usual bar.",
        ),
        (
            "Boosting round",
            "The ranker adds one small decision tree per round; the training curve shows "
            "NDCG after each, and early stopping keeps the round where validation peaked.",
        ),
        (
            "Gain (importance)",
            "How much a feature's splits improved the ranker's objective, as a share of all "
            "splits: what the model leans on, not whether the effect is good or bad.",
        ),
    ]
    return pd.DataFrame(rows, columns=["term", "meaning"])


def oracle_sample_sentence(summary: dict[str, Any]) -> str | None:
    """How the oracle was sampled, in one sentence (None when it ranked every test listener).

    Args:
        summary: :func:`run_summary` of the run.
    """
    sample = summary.get("oracle_sample")
    if not sample:
        return None
    low, high = sample["ci95"]["ndcg@10"]
    oracle = float(summary["models"][registry.ORACLE]["ndcg@10"])
    return (
        f"The oracle was scored on a random sample of {int(sample['users']):,} of the "
        f"{int(sample['of']):,} test listeners (ranking the whole catalogue for each is the "
        f"costliest step of a large build): its NDCG@10 is {oracle:.4f}, with a 95% interval of "
        f"{low:.4f} to {high:.4f} for all test listeners; the share of oracle carries that "
        "uncertainty."
    )


def paired_gain_sentence(sig: dict[str, Any]) -> str:
    """The paired test of a run in one plain sentence (a row of :func:`significance`)."""
    baseline = registry.model_label(str(sig["model_b"]))
    n = int(sig["n_users"])
    low, high, p = float(sig["ci_low"]), float(sig["ci_high"]), float(sig["p_value"])
    if low > 0:
        verdict = "a real gain, not luck"
    elif high < 0:
        verdict = "a real loss, not luck"
    else:
        verdict = "too close to call: the interval includes no difference"
    p_text = "p < 0.001" if p < 0.001 else f"p = {p:.3f}"
    return (
        f"Listener by listener, the ranker's NDCG@10 differs from {baseline}'s by "
        f"{float(sig['mean_diff']):+.4f} on average over {n:,} test listeners (95% interval "
        f"{low:+.4f} to {high:+.4f}; Wilcoxon {p_text}): {verdict}."
    )
