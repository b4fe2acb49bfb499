"""``soundcheck build``: split, candidates, features, LambdaRank, evaluation, recommendations.

The build follows the evaluation protocol (``docs/protocol.md``):

1. split the interactions (temporal windows for events, a seeded holdout for aggregates);
2. fit the candidate generators on the history before the label window, take the union of
   their proposals for the label-window users, compute features at the label window's start
   and train the LambdaRank ranker on graded labels from the label window;
3. refit the generators on the history before the test window, re-rank the test users'
   candidates and evaluate the ranker, every generator alone and (on synthetic data) the
   oracle on the same users;
4. retrain the ranker on the latest window with the same number of trees, refit the
   generators on everything and write the top 50 for every user.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from recsys import sql, warehouse
from recsys.errors import DataError
from recsys.evaluation import CandidateRecall, evaluate, paired_test
from recsys.model import registry, stages
from recsys.model._outputs import (
    BuildOutputs,
    Significance,
    oracle_ranking,
    record_timings,
    sample_interval,
    summary_json,
    write_run,
)
from recsys.model.candidates import (
    CandidateGenerator,
    decode_sources,
    fit_generators,
    union_candidates,
)
from recsys.model.config import BuildConfig
from recsys.model.features import FEATURES, FeatureBase
from recsys.model.ranker import Ranker, grade
from recsys.model.split import Split, SplitConfig, make_split
from recsys.model.stages import RunContext
from recsys.schema import Grain

__all__ = [
    "BuildConfig",
    "BuildResult",
    "build",
    "load_interactions",
    "target_weights",
]

log = logging.getLogger(__name__)

Progress = Callable[[str, float], None]


@dataclass(frozen=True)
class BuildResult:
    """What a build produced."""

    run_id: str
    summary: dict[str, Any]
    timings: dict[str, float]
    model_path: Path


def dataset_grain(con: duckdb.DuckDBPyConnection) -> tuple[Grain, bool]:
    """The grain of the newest dataset and whether it has timestamped events."""
    row = con.execute(sql.load("model/grain")).fetchone()
    if row is None or row[0] is None:
        raise DataError("the warehouse holds no dataset: generate or import data first")
    grain, n_listens, n_counts = row
    if n_listens == 0 and n_counts == 0:
        raise DataError("the warehouse has neither listens nor play counts to learn from")
    return grain, n_listens > 0


def load_interactions(con: duckdb.DuckDBPyConnection, grain: Grain, events: bool) -> pd.DataFrame:
    """Interactions in the split's long format: events with ``ts`` or aggregates with weight."""
    if events:
        name = "model/interactions_track" if grain == "track" else "model/interactions_artist"
    else:
        name = "model/interactions_counts"
    return con.execute(sql.load(name)).df()


def _history(frame: pd.DataFrame) -> pd.DataFrame:
    """What generators and features see: every play counts once (skips included)."""
    cols = [c for c in ("user_id", "item_id", "ts", "weight", "skipped") if c in frame.columns]
    out = frame[cols]
    return out.assign(weight=1.0) if "ts" in out.columns else out


def target_weights(interactions: pd.DataFrame) -> pd.DataFrame:
    """Weight each event by whether it was played through, so that the split's window targets
    count unskipped plays and a skipped-only item is never a target (aggregates keep plays)."""
    if "skipped" not in interactions.columns:
        return interactions
    full = ~interactions["skipped"].astype("boolean").fillna(False).to_numpy(bool)
    return interactions.assign(weight=full.astype(np.float64))


def _fit_generators(
    config: BuildConfig, history: pd.DataFrame
) -> tuple[list[CandidateGenerator], dict[str, str]]:
    """Fit every registered generator on ``history`` (a declined one is skipped, with why)."""
    return fit_generators([g.make(config) for g in registry.GENERATORS], history)


def _candidates(
    base: FeatureBase,
    config: BuildConfig,
    fitted: list[CandidateGenerator],
    users: np.ndarray,
) -> pd.DataFrame:
    """Union of the fitted generators' proposals for ``users``, with every feature."""
    discovery = config.task == "discovery"
    names = registry.generator_names()
    cands = union_candidates(
        fitted,
        users,
        config.n_candidates,
        exclude_seen=discovery,
        only_seen=not discovery,
        source_names=names,
    )
    for name in names:  # a declined generator still has (empty) columns
        for col in (f"{name}_score", f"{name}_rank"):
            if col not in cands.columns:
                cands[col] = np.nan
    return base.features(cands)


def _batches(users: np.ndarray, size: int) -> list[np.ndarray]:
    return [users[i : i + size] for i in range(0, len(users), size)] or [users]


def _labelled(cands: pd.DataFrame, targets: pd.DataFrame) -> pd.DataFrame:
    """Attach graded labels from the window targets' unskipped plays (see ``ranker.grade``)."""
    t = targets[["user_id", "item_id", "weight"]]
    out = cands.merge(t, on=["user_id", "item_id"], how="left")
    out["label"] = grade(out.pop("weight"))
    return out


def _ranked(frame: pd.DataFrame, scores: np.ndarray) -> pd.DataFrame:
    """``frame`` with ``score`` and each user's ``rank`` by it (ties keep candidate order)."""
    ranked = frame.assign(score=scores)
    ranked = ranked.sort_values(["user_id", "score"], ascending=[True, False], kind="stable")
    ranked["rank"] = ranked.groupby("user_id").cumcount() + 1
    return ranked.reset_index(drop=True)


def _top(ranked: pd.DataFrame, k: int) -> pd.DataFrame:
    """The top ``k`` of :func:`_ranked`'s output: ``user_id, item_id, sources, score, rank``."""
    top = ranked.loc[ranked["rank"] <= k, ["user_id", "item_id", "sources", "score", "rank"]]
    return top.reset_index(drop=True)


def _stage(timings: dict[str, float], name: str, t0: float) -> float:
    now = time.perf_counter()
    timings[name] = round(now - t0, 3)
    return now


def train_and_evaluate(
    con: duckdb.DuckDBPyConnection,
    config: BuildConfig,
    progress: Progress,
) -> BuildOutputs:
    """Steps 1-4 of the build, reading from ``con``; returns every output of the run.

    Users are processed in batches of ``config.batch_users`` so memory stays bounded on large
    data; training uses at most ``config.ranker.max_train_users`` users per window.
    """
    timings: dict[str, float] = {}
    rng = np.random.default_rng(config.seed)
    t = time.perf_counter()
    grain, events = dataset_grain(con)
    interactions = load_interactions(con, grain, events)
    if interactions.empty:
        raise DataError("no interactions to learn from")
    split = make_split(
        target_weights(interactions), SplitConfig(task=config.task, seed=config.seed)
    )
    _check_split(split)
    t = _stage(timings, "split", t)
    cap = config.ranker.max_train_users
    discovery = config.task == "discovery"

    progress("candidates for training", 0.08)
    train_hist = _history(split.train_features)
    fitted, _ = _fit_generators(config, train_hist)
    train_users = _sample(np.sort(split.train_labels["user_id"].unique()), cap, rng)
    with FeatureBase(con, train_hist, split.label_start, grain) as base:
        feats = _candidates(base, config, fitted, train_users)
    train = _labelled(feats, split.train_labels)
    del feats, fitted
    t = _stage(timings, "train_candidates_features", t)
    progress("training the ranker", 0.25)
    feature_names = [
        *(f"{g}_{c}" for g in registry.generator_names() for c in ("score", "rank")),
        *(f.name for f in FEATURES),
    ]
    ranker = Ranker(config.ranker).fit(train, feature_names)
    n_train_rows = len(train)
    del train
    t = _stage(timings, "train_ranker", t)

    progress("candidates for testing", 0.40)
    test_hist = _history(split.test_features_history)
    fitted, skipped = _fit_generators(config, test_hist)
    test_users = np.sort(split.test["user_id"].unique())
    retrain_users = set(_sample(test_users, cap, rng).tolist())
    ranked, retrain_rows, cand_pairs, test_scored = [], [], [], []
    with FeatureBase(con, test_hist, split.test_start, grain) as base:
        for batch in _batches(test_users, config.batch_users):
            feats = _candidates(base, config, fitted, batch)
            scored = _ranked(feats[["user_id", "item_id", "sources"]], ranker.predict(feats))
            ranked.append(_top(scored, config.n_recommendations))
            test_scored.append(scored)
            cand_pairs.append(feats[["user_id", "item_id"]])
            keep = feats["user_id"].isin(retrain_users)
            retrain_rows.append(_labelled(feats[keep], split.test))
    t = _stage(timings, "test_candidates_features", t)

    progress("evaluating", 0.55)
    k = config.n_recommendations
    reco = {registry.RANKER: pd.concat(ranked, ignore_index=True)}
    for gen in fitted:
        reco[gen.name] = gen.recommend(
            test_users, k, exclude_seen=discovery, **({} if discovery else {"only_seen": True})
        )
    summary_df, per_user = evaluate(reco, split.test, ks=(10, 50))
    oracle_users = _sample(test_users, config.oracle_users, np.random.default_rng([config.seed, 1]))
    oracle = oracle_ranking(con, test_hist, oracle_users, k, grain, config.task)
    oracle_sample = None
    if oracle is not None:
        truth = split.test[split.test["user_id"].isin(oracle_users)]
        o_summary, o_per_user = evaluate({registry.ORACLE: oracle}, truth, ks=(10, 50))
        summary_df = pd.concat([summary_df, o_summary])
        per_user = pd.concat([per_user, o_per_user], ignore_index=True)
        if len(oracle_users) < len(test_users):
            oracle_sample = sample_interval(o_per_user, len(test_users))
    pairs = pd.concat(cand_pairs, ignore_index=True)
    pairs["rank"] = pairs.groupby("user_id").cumcount() + 1
    cand_recall = CandidateRecall().calc(pairs, split.test)
    baselines = [g for g in registry.generator_names() if g in summary_df.index]
    best = max(baselines, key=lambda g: summary_df.loc[g, "ndcg@10"])
    by_model = per_user.set_index("user_id").groupby("model")["ndcg@10"]
    sig = paired_test(
        by_model.get_group(registry.RANKER), by_model.get_group(best), seed=config.seed
    )
    del fitted, reco
    t = _stage(timings, "evaluate", t)

    progress("retraining on the latest window", 0.65)
    latest = Ranker(config.ranker).fit(
        pd.concat(retrain_rows, ignore_index=True), feature_names, n_trees=ranker.best_iteration
    )
    del retrain_rows
    t = _stage(timings, "retrain_ranker", t)

    progress("recommendations for everyone", 0.72)
    all_hist = _history(interactions)
    fitted, _ = _fit_generators(config, all_hist)
    all_users = np.sort(interactions["user_id"].unique())
    end = split.end if split.protocol == "temporal" else None
    finals, rec_features, final_candidates = [], [], []
    batches = _batches(all_users, config.batch_users)
    keep = config.stored_per_user(len(all_users), len(fitted))
    with FeatureBase(con, all_hist, end, grain) as base:
        for i, batch in enumerate(batches):
            progress(f"recommendations {i + 1}/{len(batches)}", 0.72 + 0.18 * i / len(batches))
            feats = _candidates(base, config, fitted, batch)
            scored = _ranked(feats, latest.predict(feats))
            top = _top(scored, k)
            finals.append(top)
            rec_features.append(
                feats.merge(top[["user_id", "item_id", "rank"]], on=["user_id", "item_id"])
            )
            final_candidates.append(scored if keep is None else scored[scored["rank"] <= keep])
            del feats, scored
    final = pd.concat(finals, ignore_index=True)
    final["sources"] = [decode_sources(m, registry.generator_names()) for m in final["sources"]]
    t = _stage(timings, "final_recommendations", t)
    return BuildOutputs(
        grain=grain,
        split=split,
        ranker=latest,
        train_ranker=ranker,
        metrics=summary_df,
        per_user=per_user,
        candidate_recall=float(cand_recall),
        significance=Significance(best, sig),
        skipped=skipped,
        recommendations=final,
        rec_features=pd.concat(rec_features, ignore_index=True),
        candidates=pd.concat(final_candidates, ignore_index=True),
        test_candidates=pd.concat(test_scored, ignore_index=True),
        timings=timings,
        n_train_rows=n_train_rows,
        oracle_sample=oracle_sample,
    )


def _sample(users: np.ndarray, cap: int, rng: np.random.Generator) -> np.ndarray:
    """At most ``cap`` of ``users``, drawn with the build's seed, in sorted order."""
    return users if len(users) <= cap else np.sort(rng.choice(users, cap, replace=False))


def _check_split(split: Split) -> None:
    if split.train_labels.empty or split.test.empty:
        window = "label" if split.train_labels.empty else "test"
        raise DataError(
            f"the {window} window holds no {split.config.task} target: the data is too short "
            f"or too small for the protocol ({split.config.test_days}-day windows)"
        )


def _run_stages(con: duckdb.DuckDBPyConnection, ctx: RunContext) -> None:
    """Every registered run stage, in order, each timed into the run's timings.

    Each stage gets its own share of the build's progress: its ``ctx.progress(step, f)`` takes
    the fraction ``f`` of the stage and reports it as ``"<label>: <step>"`` within that share.
    """
    outer, n = ctx.progress, len(stages.RUN_STAGES)
    for i, run_stage in enumerate(stages.RUN_STAGES):
        lo, hi = (
            _STAGES_SPAN[0] + _STAGES_WIDTH * i / n,
            _STAGES_SPAN[0] + _STAGES_WIDTH * (i + 1) / n,
        )

        def scaled(
            step: str, f: float, lo: float = lo, hi: float = hi, label: str = run_stage.label
        ) -> None:
            outer(f"{label}: {step}", lo + (hi - lo) * min(max(f, 0.0), 1.0))

        outer(run_stage.label, lo)
        t = time.perf_counter()
        run_stage.run(con, replace(ctx, progress=scaled))
        ctx.outputs.timings[run_stage.name] = round(time.perf_counter() - t, 3)


_STAGES_SPAN = (0.93, 0.995)
"""The share of the build's progress bar that the run stages fill, one slice each."""
_STAGES_WIDTH = _STAGES_SPAN[1] - _STAGES_SPAN[0]


def build(
    path: str | Path,
    config: BuildConfig | None = None,
    *,
    progress: Progress | None = None,
    model_dir: str | Path | None = None,
    limits: warehouse.Limits | None = None,
) -> BuildResult:
    """Train, evaluate and write a run into the warehouse at ``path`` (atomically).

    The ranker is saved as ``<model_dir>/<run_id>.txt`` (default: ``models/`` beside the
    warehouse) with a JSON sidecar; every table the run writes is tagged with its ``run_id``.
    DuckDB works within ``limits`` (default: :meth:`recsys.warehouse.Limits.default`) and
    spills to disk beyond them.
    """
    config = config or BuildConfig()
    progress = progress or (lambda step, fraction: log.info("%s (%.0f%%)", step, fraction * 100))
    started = time.perf_counter()
    run_id = datetime.now(UTC).strftime("%Y%m%d-%H%M%S-") + uuid.uuid4().hex[:6]
    models = Path(model_dir) if model_dir else Path(path).resolve().parent / "models"
    model_path = models / f"{run_id}.txt"
    progress("loading interactions", 0.0)
    try:
        with warehouse.building(path, changes_content=False, limits=limits) as con:
            data_version = warehouse.content_version(con)
            out = train_and_evaluate(con, config, progress)
            progress("writing the run", 0.92)
            out.ranker.save(model_path)
            summary = summary_json(
                run_id,
                config.task,
                out.metrics,
                out.candidate_recall,
                int(out.metrics["users"].iloc[0]),
                oracle_sample=out.oracle_sample,
            )
            write_run(con, run_id, config, out, summary, data_version, model_path)
            ctx = RunContext(run_id, config, out, data_version, model_path, progress)
            _run_stages(con, ctx)
            out.timings["total"] = round(time.perf_counter() - started, 3)
            record_timings(con, run_id, out.timings)
    except BaseException:  # the run was not written: leave no model file of it behind
        model_path.unlink(missing_ok=True)
        model_path.with_suffix(".json").unlink(missing_ok=True)
        raise
    progress("done", 1.0)
    return BuildResult(run_id, summary, out.timings, model_path)
