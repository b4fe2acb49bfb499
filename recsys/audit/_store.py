"""Write audit results into the warehouse and read them back.

Tables (``recsys/sql/audit/schema.sql``): ``audit_sets`` (one row per audited set of lists),
``audit_figures``, ``audit_notes``, ``audit_lists`` (external lists as audited),
``audit_test_truth``, ``audit_tradeoff`` and ``audit_reranked``. A set is identified by the
run and its name; writing a set again replaces it.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any, Final

import duckdb
import pandas as pd

from recsys import sql, warehouse
from recsys.audit._config import AuditConfig
from recsys.audit._mitigation import TradeOff
from recsys.audit._suite import AuditResult
from recsys.errors import DataError, NotFittedError

__all__ = [
    "OWN",
    "audited_runs",
    "check_name",
    "ensure_tables",
    "genre_mix",
    "list_users",
    "read_figures",
    "read_notes",
    "read_sets",
    "read_tradeoff",
    "read_truth",
    "reranked",
    "reranked_users",
    "user_list",
    "write_set",
    "write_test_window",
    "write_tradeoff",
]

OWN: Final = "soundcheck"
"""The name of a run's own lists among the audited sets."""

_PER_SET: Final = ("audit_sets", "audit_figures", "audit_notes", "audit_lists")
_PER_RUN: Final = ("audit_test_truth", "audit_tradeoff", "audit_reranked")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}$")


def check_name(name: str) -> str:
    """An external set's name: 1-64 letters, digits, spaces, ``._-``; not Soundcheck's own.

    Raises:
        DataError: the name is not allowed.
    """
    if not _NAME.match(name) or name.strip() != name:
        raise DataError(
            f"--name {name!r}: use 1 to 64 letters, digits, spaces, '.', '_' or '-', "
            "starting with a letter or digit"
        )
    if name.lower() == OWN:
        raise DataError(f"--name {name!r} is reserved for Soundcheck's own lists")
    return name


def ensure_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create the audit's tables if they are missing."""
    con.execute(sql.load("audit/schema"))


def _insert(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame, **tags: Any) -> None:
    if table not in _PER_SET + _PER_RUN:  # table names only from the allow-list
        raise ValueError(f"not an audit table: {table!r}")
    con.register("_audit_rows", frame.assign(**tags))
    try:
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _audit_rows")
    finally:
        con.unregister("_audit_rows")


def _delete(con: duckdb.DuckDBPyConnection, table: str, run_id: str, name: str | None) -> None:
    if table not in _PER_SET + _PER_RUN:
        raise ValueError(f"not an audit table: {table!r}")
    if name is None:
        con.execute(f"DELETE FROM {table} WHERE run_id = $run", {"run": run_id})
    else:
        con.execute(
            f"DELETE FROM {table} WHERE run_id = $run AND name = $name",
            {"run": run_id, "name": name},
        )


def write_set(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    name: str,
    result: AuditResult,
    config: AuditConfig,
    *,
    kind: str,
    source: str | None,
    lists: pd.DataFrame,
    test_window: bool,
    store_lists: bool,
) -> None:
    """Replace one audited set of a run: its figures, notes, description and (external) lists."""
    ensure_tables(con)
    for table in _PER_SET:
        _delete(con, table, run_id, name)
    meta = pd.DataFrame(
        [
            {
                "kind": kind,
                "source": source,
                "rows": len(lists),
                "users": int(lists["user_id"].nunique()),
                "items": int(lists["item_id"].nunique()),
                "test_window": test_window,
                "created_at": datetime.now(UTC).replace(tzinfo=None),
                "config": json.dumps(config.to_dict()),
            }
        ]
    )
    _insert(con, "audit_sets", meta, run_id=run_id, name=name)
    figures = result.figures.astype({"verdict": object}).copy()
    figures["verdict"] = figures["verdict"].where(figures["verdict"].notna(), None)
    _insert(con, "audit_figures", figures, run_id=run_id, name=name)
    _insert(con, "audit_notes", result.notes, run_id=run_id, name=name)
    if store_lists:
        cols = ["user_id", "item_id", "rank"] + (["score"] if "score" in lists.columns else [])
        _insert(con, "audit_lists", lists[cols], run_id=run_id, name=name)


def write_test_window(con: duckdb.DuckDBPyConnection, run_id: str, truth: pd.DataFrame) -> None:
    """Keep the run's test truth, so that external lists made for its window can be judged."""
    ensure_tables(con)
    _delete(con, "audit_test_truth", run_id, None)
    cols = ["user_id", "item_id"] + (["weight"] if "weight" in truth.columns else [])
    _insert(con, "audit_test_truth", truth[cols], run_id=run_id)


def write_tradeoff(con: duckdb.DuckDBPyConnection, run_id: str, trade: TradeOff) -> None:
    """The re-rankers' curves and lists of a run."""
    ensure_tables(con)
    for table in ("audit_tradeoff", "audit_reranked"):
        _delete(con, table, run_id, None)
    curves = trade.curves.copy()
    t = trade.target
    curves["target_group"] = None
    curves["target_share"] = None
    if t is not None:
        provider = curves["reranker"] == "provider"
        curves.loc[provider, "target_group"] = f"{t.attribute}={t.group}"
        curves.loc[provider, "target_share"] = t.share
    _insert(con, "audit_tradeoff", curves, run_id=run_id)
    if len(trade.lists):
        _insert(con, "audit_reranked", trade.lists, run_id=run_id)


def _require(con: duckdb.DuckDBPyConnection, run_id: str) -> None:
    if not warehouse.table_exists(con, "audit_sets"):
        raise NotFittedError(
            f"run {run_id} has no audit: build a new run (`soundcheck build`) to compute it"
        )


def read_sets(con: duckdb.DuckDBPyConnection, run_id: str) -> pd.DataFrame:
    """The sets audited for a run (Soundcheck's own first).

    Raises:
        NotFittedError: the run has no audit.
    """
    _require(con, run_id)
    sets = con.execute(sql.load("audit/sets"), {"run": run_id}).df()
    if sets.empty:
        raise NotFittedError(
            f"run {run_id} has no audit: it was built before the audit existed; build a new run"
        )
    return sets


def read_figures(con: duckdb.DuckDBPyConnection, run_id: str) -> pd.DataFrame:
    """Every figure of a run's audited sets (column ``name`` tells the set)."""
    _require(con, run_id)
    return con.execute(sql.load("audit/figures"), {"run": run_id}).df()


def read_notes(con: duckdb.DuckDBPyConnection, run_id: str) -> pd.DataFrame:
    """Every note of a run's audited sets."""
    _require(con, run_id)
    return con.execute(sql.load("audit/notes"), {"run": run_id}).df()


def read_tradeoff(con: duckdb.DuckDBPyConnection, run_id: str) -> pd.DataFrame:
    """The re-rankers' curves of a run (empty when it has none)."""
    _require(con, run_id)
    return con.execute(sql.load("audit/tradeoff"), {"run": run_id}).df()


def read_truth(con: duckdb.DuckDBPyConnection, run_id: str) -> pd.DataFrame:
    """The test truth of a run (empty when the run kept none)."""
    _require(con, run_id)
    return con.execute(sql.load("audit/truth"), {"run": run_id}).df()


def audited_runs(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Runs with an audit, newest first (``run_id, created_at, task, grain, sets``).

    Raises:
        NotFittedError: no run has an audit.
    """
    if not warehouse.table_exists(con, "audit_sets") or not warehouse.table_exists(con, "runs"):
        raise NotFittedError("no audited run yet: build a run (`soundcheck build`)")
    runs = con.execute(sql.load("audit/runs")).df()
    if runs.empty:
        raise NotFittedError("no audited run yet: build a run (`soundcheck build`)")
    return runs


def user_list(
    con: duckdb.DuckDBPyConnection, run_id: str, name: str, user_id: int, grain: str, k: int
) -> pd.DataFrame:
    """One listener's top ``k`` in one audited set, with names (``rank, item_id, item, artist``)."""
    params = {"run": run_id, "name": name, "user": user_id, "grain": grain, "k": k}
    return con.execute(sql.load("audit/user_list"), params).df()


def genre_mix(
    con: duckdb.DuckDBPyConnection,
    user_id: int,
    items: list[int],
    grain: str,
    cutoff: pd.Timestamp | None = None,
) -> pd.DataFrame:
    """A listener's parent-genre mix over their history (before ``cutoff``) and over ``items``.

    Returns:
        ``genre, history_share, list_share``, the history's main genres first.
    """
    cut = None if cutoff is None else pd.Timestamp(cutoff).to_pydatetime()
    params = {"user": user_id, "items": [int(i) for i in items], "grain": grain, "cutoff": cut}
    return con.execute(sql.load("audit/genre_mix"), params).df()


def reranked(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    reranker: str,
    strength: float,
    user_id: int,
    grain: str,
) -> pd.DataFrame:
    """One listener's test-window list re-ranked at one strength, with names."""
    params = {
        "run": run_id,
        "reranker": reranker,
        "strength": float(strength),
        "user": user_id,
        "grain": grain,
    }
    return con.execute(sql.load("audit/reranked"), params).df()


def list_users(con: duckdb.DuckDBPyConnection, run_id: str, name: str) -> list[int]:
    """The listeners one audited set has lists for."""
    rows = con.execute(sql.load("audit/list_users"), {"run": run_id, "name": name}).fetchall()
    return [int(u) for (u,) in rows]


def reranked_users(con: duckdb.DuckDBPyConnection, run_id: str) -> list[int]:
    """The listeners whose re-ranked lists a run stores."""
    rows = con.execute(sql.load("audit/reranked_users"), {"run": run_id}).fetchall()
    return [int(u) for (u,) in rows]
