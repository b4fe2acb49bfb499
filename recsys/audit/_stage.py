"""The audit's build stage: Soundcheck's own lists audited, and the re-rankers' trade-offs.

Runs after every build, inside its transaction (``recsys.model.stages``). The served lists
(the final top k of every listener) are audited against the whole history; the evaluated
ranker's lists on the test window give accuracy by listener group and are what the re-rankers
re-rank. On synthetic data the oracle's lists (true preference) are the third exposure
reference.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

import duckdb
import numpy as np
import pandas as pd

from recsys import warehouse
from recsys.audit._config import AuditConfig
from recsys.audit._data import AuditData, load_audit_data
from recsys.audit._groups import assign_groups
from recsys.audit._mitigation import choose_target, trade_off
from recsys.audit._store import OWN, write_set, write_test_window, write_tradeoff
from recsys.audit._suite import TestWindow, audit_lists
from recsys.schema import Grain, Task

if TYPE_CHECKING:
    from recsys.model._outputs import BuildOutputs
    from recsys.model.split import Split
    from recsys.model.stages import RunContext

__all__ = ["oracle_lists", "test_history", "write_audit"]

log = logging.getLogger(__name__)


def test_history(split: Split) -> pd.DataFrame:
    """``user_id, item_id, plays`` of the history the evaluated lists were made from."""
    hist = split.test_features_history
    if split.protocol == "temporal":
        out = hist.groupby(["user_id", "item_id"], as_index=False).size()
        out = out.rename(columns={"size": "plays"})
    else:
        out = hist.groupby(["user_id", "item_id"], as_index=False)["weight"].sum()
        out = out.rename(columns={"weight": "plays"})
    return out.astype({"plays": np.float64})


def oracle_lists(
    con: duckdb.DuckDBPyConnection, data: AuditData, task: Task, grain: Grain
) -> pd.DataFrame | None:
    """The oracle's top k for (a seeded sample of at most ``oracle_users``) listeners."""
    from recsys.model._outputs import oracle_ranking

    if not warehouse.table_exists(con, "ground_truth_user_taste"):
        return None
    cfg = data.config
    users = data.listeners
    if len(users) > cfg.oracle_users:
        rng = np.random.default_rng(cfg.seed)
        users = np.sort(rng.choice(users, cfg.oracle_users, replace=False))
    return oracle_ranking(con, data.history, users, cfg.k, grain, task)


def write_audit(con: duckdb.DuckDBPyConnection, ctx: RunContext) -> None:
    """Audit the run's own lists and write the figures, the test truth and the trade-offs."""
    out: BuildOutputs = ctx.outputs
    cfg = AuditConfig(seed=ctx.config.seed)
    data = load_audit_data(con, out.grain, cfg)
    split = out.split
    test_data = load_audit_data(
        con, out.grain, cfg, cutoff=split.test_start, history=test_history(split)
    )
    oracle = oracle_lists(con, data, ctx.config.task, out.grain)
    evaluated = out.test_candidates.loc[out.test_candidates["rank"] <= 50]
    result = audit_lists(
        data,
        out.recommendations,
        oracle=oracle,
        test=TestWindow(test_data, evaluated, split.test),
    )
    write_set(
        con,
        ctx.run_id,
        OWN,
        result,
        cfg,
        kind="soundcheck",
        source=f"run {ctx.run_id}",
        lists=out.recommendations,
        test_window=True,
        store_lists=False,
    )
    write_test_window(con, ctx.run_id, split.test)
    target = choose_target(result.figures)
    in_group = None
    if target is not None:
        groups, _ = assign_groups(test_data, "artist")
        in_group = groups[target.attribute] == target.group
    trade = trade_off(test_data, out.test_candidates, split.test, target, in_group)
    write_tradeoff(con, ctx.run_id, trade)
    log.info("audit of run %s: %d figures", ctx.run_id, len(result.figures))
