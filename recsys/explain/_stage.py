"""The explanations run stage: what every build stores so that any candidate can be explained.

Written inside the build's transaction, each row tagged with the run:

- ``explain_candidates``: every candidate the final ranker scored (``user_id, item_id, rank,
  score, sources`` and every feature as REAL, the precision the ranker reads);
- ``explain_items``: each played item's popularity at the cutoff as a share of the catalogue
  (for reasons such as "among the 1% most played tracks in the last 4 weeks");
- ``explain_user_genres``: each listener's genres (distinct items and plays tagged with each,
  overall and in the last 8 weeks, and its share of their listening), for taste reasons;
- ``explain_users``: each listener's cohorts (country, age group, activity tier,
  mainstreaminess group) and whether they are in the sample;
- ``explain_shap``: SHAP values of a seeded sample of listeners and candidates, from the
  run's saved booster;
- ``explain_importance``, ``explain_cohorts``, ``explain_interactions``,
  ``explain_feature_stats`` and ``explain_runs``: what the Explanations page and the CLI read.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict
from typing import TYPE_CHECKING

import duckdb
import numpy as np
import pandas as pd

from recsys import sql
from recsys.explain._global import (
    ExplainConfig,
    cohort_comparison,
    importance,
    interaction_partners,
    sample_candidates,
    tiers,
)
from recsys.explain._groups import feature_groups

if TYPE_CHECKING:
    from recsys.model.stages import RunContext

__all__ = ["ACTIVITY_TIERS", "MAINSTREAM_GROUPS", "store_explanations"]

ACTIVITY_TIERS = ("light", "regular", "heavy")
"""Tertiles of the listeners' play counts, lowest first."""
MAINSTREAM_GROUPS = ("niche", "in between", "mainstream")
"""Tertiles of the listeners' mainstreaminess (mean log popularity of what they play)."""

_KEYS = ["user_id", "item_id", "rank", "score", "sources"]
_IDENT = re.compile(r"^[a-z][a-z0-9_]*$")


def store_explanations(
    con: duckdb.DuckDBPyConnection, ctx: RunContext, config: ExplainConfig | None = None
) -> None:
    """Write a run's explanation tables (see the module docstring) on the build's connection."""
    from recsys.model.ranker import Ranker

    config = config or ExplainConfig(seed=ctx.config.seed)
    out = ctx.outputs
    ranker = Ranker.load(ctx.model_path)
    names = list(ranker.feature_names)
    catalog = feature_groups(names)
    groups = pd.Series(catalog["group"].to_numpy(), index=catalog["name"])
    cands = out.candidates
    con.execute(sql.load("explain/tables"))

    ctx.progress("explanations: candidates", 0.0)
    stored = cands[_KEYS].copy()
    stored["sources"] = stored["sources"].astype("int64")
    for name in names:
        stored[name] = cands[name].astype(np.float32)
    _write_wide(con, ctx.run_id, stored, "candidates", names, "REAL")

    ctx.progress("explanations: items and listeners", 0.2)
    cutoff = out.split.end if out.split.protocol == "temporal" else None
    _write(con, "explain/insert_items", ctx.run_id, _item_popularity(con, out.grain, cutoff))
    genres = "explain/insert_user_genres_events" if cutoff else "explain/insert_user_genres_counts"
    params = {"run_id": ctx.run_id, "cutoff": None if cutoff is None else cutoff.to_pydatetime()}
    con.execute(sql.load(genres), params if cutoff else {"run_id": ctx.run_id})
    sample = sample_candidates(stored, config)
    cohorts = _cohorts(con, cands, set(sample["user_id"]))
    _write(con, "explain/insert_users", ctx.run_id, cohorts)

    ctx.progress("explanations: SHAP values of the sample", 0.4)
    contrib = ranker.contributions(sample)
    shap = contrib[names]
    base = float(contrib["bias"].iloc[0]) if len(contrib) else 0.0
    rows = pd.concat([sample[["user_id", "item_id", "rank", "score"]], contrib["bias"]], axis=1)
    _write_wide(con, ctx.run_id, pd.concat([rows, shap], axis=1), "shap", names, "DOUBLE")

    ctx.progress("explanations: importance and cohorts", 0.8)
    _write(con, "explain/insert_importance", ctx.run_id, importance(shap, groups))
    comparison = cohort_comparison(shap, sample["user_id"], cohorts, groups, config)
    _write(con, "explain/insert_cohorts", ctx.run_id, comparison)
    partners = interaction_partners(shap, sample[names], seed=config.seed)
    _write(con, "explain/insert_interactions", ctx.run_id, partners)
    _write(con, "explain/insert_feature_stats", ctx.run_id, _feature_stats(stored, catalog))
    con.execute(
        sql.load("explain/insert_run"),
        {
            "run_id": ctx.run_id,
            "cutoff": None if cutoff is None else cutoff.to_pydatetime(),
            "grain": out.grain,
            "task": ctx.config.task,
            "base_value": base,
            "features": names,
            "candidate_rows": len(stored),
            "sample_users": int(sample["user_id"].nunique()),
            "sample_rows": len(sample),
            "config": json.dumps(asdict(config)),
        },
    )


def _write(con: duckdb.DuckDBPyConnection, query: str, run_id: str, frame: pd.DataFrame) -> None:
    con.register("_explain_rows", frame)
    try:
        con.execute(sql.load(query), {"run_id": run_id})
    finally:
        con.unregister("_explain_rows")


def _write_wide(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    frame: pd.DataFrame,
    table: str,
    features: list[str],
    column_type: str,
) -> None:
    """Insert into a wide table, adding a column for a feature an earlier run did not have."""
    create, insert, name = {
        "candidates": (
            "explain/create_candidates",
            "explain/insert_candidates",
            "explain_candidates",
        ),
        "shap": ("explain/create_shap", "explain/insert_shap", "explain_shap"),
    }[table]
    con.register("_explain_rows", frame)
    try:
        con.execute(sql.load(create))
        have = set(con.execute(sql.load("explain/columns"), {"table": name}).df()["column_name"])
        for feature in features:
            if feature not in have:
                if not _IDENT.match(feature):
                    raise ValueError(f"not a feature name: {feature!r}")
                # the table comes from the fixed map above, the column from the ranker's features
                con.execute(f'ALTER TABLE {name} ADD COLUMN "{feature}" {column_type}')
        con.execute(sql.load(insert), {"run_id": run_id})
    finally:
        con.unregister("_explain_rows")


def _item_popularity(
    con: duckdb.DuckDBPyConnection, grain: str, cutoff: pd.Timestamp | None
) -> pd.DataFrame:
    if cutoff is None and grain == "artist":
        query = "explain/items_counts"
    elif grain == "track":
        query = "explain/items_track"
    else:
        query = "explain/items_artist"
    if query == "explain/items_counts":  # play counts have no time: nothing to cut
        return con.execute(sql.load(query)).df()
    params = {"cutoff": None if cutoff is None else cutoff.to_pydatetime()}
    return con.execute(sql.load(query), params).df()


def _cohorts(
    con: duckdb.DuckDBPyConnection, cands: pd.DataFrame, sampled: set[int]
) -> pd.DataFrame:
    """Each listener's cohorts; activity and mainstreaminess tiers are tertiles over listeners."""
    per_user = cands.groupby("user_id", sort=True).agg(
        activity=("user_activity", "first"),
        mainstreaminess=("user_mainstreaminess", "first"),
        candidates=("item_id", "size"),
    )
    info = con.execute(sql.load("explain/cohort_source")).df().set_index("user_id")
    out = per_user.join(info, how="left").reset_index()
    out["activity_tier"] = tiers(out["activity"], ACTIVITY_TIERS)
    out["mainstream_group"] = tiers(out["mainstreaminess"], MAINSTREAM_GROUPS)
    out["plays"] = np.expm1(out["activity"])
    out["in_sample"] = out["user_id"].isin(sampled)
    return out[
        [
            "user_id",
            "country",
            "age_group",
            "activity_tier",
            "mainstream_group",
            "plays",
            "mainstreaminess",
            "candidates",
            "in_sample",
        ]
    ]


def _feature_stats(stored: pd.DataFrame, catalog: pd.DataFrame) -> pd.DataFrame:
    """Quantiles of every feature over the run's candidates (what-if presets)."""
    q = stored[list(catalog["name"])].astype(np.float64).quantile([0.01, 0.25, 0.5, 0.75, 0.99])
    out = catalog.rename(columns={"name": "feature"}).copy()
    for label, level in (("p01", 0.01), ("p25", 0.25), ("median", 0.5), ("p75", 0.75)):
        out[label] = q.loc[level].to_numpy()
    out["p99"] = q.loc[0.99].to_numpy()
    return out
