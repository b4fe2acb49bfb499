"""Cached access to a run's audit for the Audit pages (keyed on the warehouse's data version).

Every figure was computed when the run was built (or when an external list was audited); the
pages only read it, so they render in well under a second once warm.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import duckdb
import pandas as pd
import streamlit as st

from recsys.audit import RunInfo, report_html, report_json, run_info
from recsys.audit import _store as store
from recsys.ui import data
from recsys.views import console

__all__ = [
    "audited_runs",
    "figures",
    "genre_mix",
    "list_users",
    "notes",
    "report_html_text",
    "report_json_text",
    "reranked",
    "reranked_users",
    "run",
    "sets",
    "tradeoff",
    "user_list",
]

_PER_RUN: dict[str, Callable[[duckdb.DuckDBPyConnection, str], Any]] = {
    "run": run_info,
    "sets": store.read_sets,
    "figures": store.read_figures,
    "notes": store.read_notes,
    "tradeoff": store.read_tradeoff,
    "reranked_users": store.reranked_users,
    "report_html": report_html,
    "report_json": lambda con, run_id: json.dumps(
        report_json(con, run_id), indent=1, allow_nan=False
    ),
}


@st.cache_data(show_spinner=False, max_entries=64)
def _per_run(_con: duckdb.DuckDBPyConnection, version: str, what: str, run_id: str) -> Any:
    with console.cursor(_con) as cur:
        return _PER_RUN[what](cur, run_id)


def _get(what: str, run_id: str) -> Any:
    return _per_run(data.connection(), data.data_version(), what, run_id)


@st.cache_data(show_spinner=False, max_entries=8)
def _audited_runs(_con: duckdb.DuckDBPyConnection, version: str) -> pd.DataFrame:
    with console.cursor(_con) as cur:
        return store.audited_runs(cur)


def audited_runs() -> pd.DataFrame:
    """Runs with an audit, newest first (NotFittedError when there is none)."""
    return _audited_runs(data.connection(), data.data_version())


def run(run_id: str) -> RunInfo:
    """Grain, task, windows and data version of a run."""
    info: RunInfo = _get("run", run_id)
    return info


def sets(run_id: str) -> pd.DataFrame:
    """The sets of lists audited for a run (Soundcheck's own first)."""
    return pd.DataFrame(_get("sets", run_id))


def figures(run_id: str) -> pd.DataFrame:
    """Every figure of a run's audited sets."""
    return pd.DataFrame(_get("figures", run_id))


def notes(run_id: str) -> pd.DataFrame:
    """What the audit could not figure, and why."""
    return pd.DataFrame(_get("notes", run_id))


def tradeoff(run_id: str) -> pd.DataFrame:
    """The re-rankers' trade-off curves of a run."""
    return pd.DataFrame(_get("tradeoff", run_id))


def reranked_users(run_id: str) -> list[int]:
    """The listeners whose re-ranked lists a run stores."""
    return list(_get("reranked_users", run_id))


def report_html_text(run_id: str) -> str:
    """The self-contained HTML report of a run's audit."""
    return str(_get("report_html", run_id))


def report_json_text(run_id: str) -> str:
    """The JSON report of a run's audit."""
    return str(_get("report_json", run_id))


@st.cache_data(show_spinner=False, max_entries=64)
def _list_users(_con: duckdb.DuckDBPyConnection, version: str, run_id: str, name: str) -> list[int]:
    with console.cursor(_con) as cur:
        return store.list_users(cur, run_id, name)


def list_users(run_id: str, name: str) -> list[int]:
    """The listeners an audited set has lists for."""
    return _list_users(data.connection(), data.data_version(), run_id, name)


@st.cache_data(show_spinner=False, max_entries=256)
def _user_list(
    _con: duckdb.DuckDBPyConnection, version: str, run_id: str, name: str, user_id: int, k: int
) -> pd.DataFrame:
    with console.cursor(_con) as cur:
        grain = run_info(cur, run_id).grain
        return store.user_list(cur, run_id, name, user_id, grain, k)


def user_list(run_id: str, name: str, user_id: int, k: int) -> pd.DataFrame:
    """One listener's top ``k`` in one audited set, with names."""
    return _user_list(data.connection(), data.data_version(), run_id, name, user_id, k)


@st.cache_data(show_spinner=False, max_entries=256)
def _genre_mix(
    _con: duckdb.DuckDBPyConnection,
    version: str,
    run_id: str,
    user_id: int,
    items: tuple[int, ...],
    before_test: bool,
) -> pd.DataFrame:
    with console.cursor(_con) as cur:
        info = run_info(cur, run_id)
        cutoff = info.test_start if before_test else None
        return store.genre_mix(cur, user_id, list(items), info.grain, cutoff)


def genre_mix(
    run_id: str, user_id: int, items: tuple[int, ...], *, before_test: bool = False
) -> pd.DataFrame:
    """A listener's history genre mix beside that of ``items`` (see ``store.genre_mix``).

    Args:
        run_id: the run (its grain, and its test window when ``before_test``).
        user_id: the listener.
        items: the list's items.
        before_test: count only the history before the run's test window (for lists made
            for that window).
    """
    return _genre_mix(data.connection(), data.data_version(), run_id, user_id, items, before_test)


@st.cache_data(show_spinner=False, max_entries=256)
def _reranked(
    _con: duckdb.DuckDBPyConnection,
    version: str,
    run_id: str,
    reranker: str,
    strength: float,
    user_id: int,
) -> pd.DataFrame:
    with console.cursor(_con) as cur:
        grain = run_info(cur, run_id).grain
        return store.reranked(cur, run_id, reranker, strength, user_id, grain)


def reranked(run_id: str, reranker: str, strength: float, user_id: int) -> pd.DataFrame:
    """One listener's test-window list re-ranked at one strength, with names."""
    return _reranked(data.connection(), data.data_version(), run_id, reranker, strength, user_id)
