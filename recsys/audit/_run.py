"""Audits outside the build: an external recommender's lists beside a run's own.

:func:`audit_external` reads and validates a list, computes the whole suite on the warehouse
the run was built on, and stores it as a named set of the run (atomically, like every write),
so that the pages, the report and the JSON show it beside Soundcheck's own figures.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from recsys import sql, warehouse
from recsys.audit._config import AuditConfig
from recsys.audit._data import load_audit_data
from recsys.audit._external import IdKind, read_external
from recsys.audit._stage import oracle_lists
from recsys.audit._store import check_name, read_sets, read_truth, write_set
from recsys.audit._suite import AuditResult, TestWindow, audit_lists
from recsys.errors import NotFittedError
from recsys.schema import Grain, Task

__all__ = ["ExternalList", "RunInfo", "audit_external", "read_list", "run_info"]

Progress = Callable[[str, float], None]


@dataclass(frozen=True)
class RunInfo:
    """What an audit needs to know of a run.

    Attributes:
        run_id: the run.
        grain: what it recommends.
        task: discovery or repeat.
        protocol: temporal or holdout.
        test_start: the first instant of the test window (None for the holdout).
        data_version: the warehouse's data version it was built on.
    """

    run_id: str
    grain: Grain
    task: Task
    protocol: str
    test_start: pd.Timestamp | None
    data_version: str


def run_info(con: duckdb.DuckDBPyConnection, run_id: str | None = None) -> RunInfo:
    """The run ``run_id`` (default: the latest).

    Raises:
        NotFittedError: there is no such run (or none at all).
    """
    if not warehouse.table_exists(con, "runs"):
        raise NotFittedError("no model has been built yet: run `soundcheck build`")
    rows = con.execute(sql.load("audit/run"), {"run": run_id}).fetchall()
    if not rows:
        what = f"no run {run_id!r} in this warehouse" if run_id else "no model has been built yet"
        raise NotFittedError(f"{what}: run `soundcheck build`")
    rid, grain, task, protocol, split, version = rows[0]
    start = json.loads(split).get("test_start")
    return RunInfo(rid, grain, task, protocol, pd.Timestamp(start) if start else None, version)


@dataclass(frozen=True)
class ExternalList:
    """An external list, read and validated against a run's warehouse.

    Attributes:
        info: the run it will be audited beside.
        lists: ``user_id, item_id, rank[, score]`` in warehouse ids.
        source: the file's name.
    """

    info: RunInfo
    lists: pd.DataFrame
    source: str


def read_list(
    path: str | Path,
    lists_file: str | Path,
    *,
    run_id: str | None = None,
    ids: IdKind = "warehouse",
    source_format: str | None = None,
) -> ExternalList:
    """Read and validate an external list (see :mod:`recsys.audit._external`).

    Raises:
        DataError: the list is malformed (the message names the file, row and field).
        NotFittedError: there is no such run.
    """
    con = warehouse.open_readonly(path)
    try:
        info = run_info(con, run_id)
        read_sets(con, info.run_id)  # the run must have its own audit to stand beside
        file = Path(lists_file)
        lists = read_external(con, file, info.grain, ids=ids, source_format=source_format)
    finally:
        con.close()
    return ExternalList(info, lists, file.name)


def audit_external(
    path: str | Path,
    lists: ExternalList | str | Path,
    name: str,
    *,
    run_id: str | None = None,
    ids: IdKind = "warehouse",
    source_format: str | None = None,
    test_window: bool = False,
    config: AuditConfig | None = None,
    progress: Progress | None = None,
) -> tuple[RunInfo, AuditResult]:
    """Audit an external list beside a run's own lists and store it as the set ``name``.

    Args:
        path: the warehouse.
        lists: the list as read by :func:`read_list`, or its file (CSV, TSV or Parquet).
        name: the set's name (replaces an earlier set of that name for the run).
        run_id: the run to audit beside (default: the latest), when ``lists`` is a file.
        ids: ``warehouse`` ids or ``source`` ids (mapped as an import maps them), for a file.
        source_format: the import format the source ids come from (``ids="source"``).
        test_window: the list was made for the run's test window with data before it, so
            accuracy by group, serendipity and PopREO can be judged against the test truth.
        config: the audit's settings (default: those the run's own audit used).
        progress: ``progress(step, fraction)``.
    """
    report = progress or (lambda step, fraction: None)
    check_name(name)
    if not isinstance(lists, ExternalList):
        report("reading the list", 0.0)
        lists = read_list(path, lists, run_id=run_id, ids=ids, source_format=source_format)
    info = lists.info
    con = warehouse.open_readonly(path)
    try:
        cfg = config or _stored_config(read_sets(con, info.run_id))
        report("reading the history", 0.1)
        data = load_audit_data(con, info.grain, cfg)
        test = _test_window(con, info, cfg, lists.lists) if test_window else None
        report("the oracle's lists", 0.25)
        oracle = oracle_lists(con, data, info.task, info.grain)
        report("computing the figures", 0.45)
        result = audit_lists(data, lists.lists, oracle=oracle, test=test)
    finally:
        con.close()
    report("writing the figures", 0.85)
    with warehouse.building(path, changes_content=False) as w:
        write_set(
            w,
            info.run_id,
            name,
            result,
            cfg,
            kind="external",
            source=lists.source,
            lists=lists.lists,
            test_window=test_window,
            store_lists=True,
        )
    report("done", 1.0)
    return info, result


def _stored_config(sets: pd.DataFrame) -> AuditConfig:
    """The settings of the run's own audit, so that both sets are judged alike."""
    own = sets.loc[sets["kind"] == "soundcheck", "config"]
    return AuditConfig.from_dict(json.loads(own.iloc[0])) if len(own) else AuditConfig()


def _test_window(
    con: duckdb.DuckDBPyConnection, info: RunInfo, cfg: AuditConfig, lists: pd.DataFrame
) -> TestWindow:
    """The run's test truth and the history before its window."""
    truth = read_truth(con, info.run_id)
    if info.test_start is not None:
        data = load_audit_data(con, info.grain, cfg, cutoff=info.test_start)
    else:  # holdout: the history is everything but the held-out pairs
        full = load_audit_data(con, info.grain, cfg)
        held = truth[["user_id", "item_id"]].assign(_held=True)
        hist = full.history.merge(held, on=["user_id", "item_id"], how="left")
        data = load_audit_data(
            con, info.grain, cfg, history=hist.loc[hist["_held"].isna()].drop(columns="_held")
        )
    return TestWindow(data, lists, truth)
