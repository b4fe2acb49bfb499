"""Cached access to explanations for the Recommend pages.

Everything the User explorer and the Explanations page show comes from here: stored figures
read once per data version and run, and one listener's explanation computed on demand (the
run's booster, ``pred_contrib`` on that listener's rows) and cached, so a rerun after a click
reads the cache instead of recomputing. The booster is a resource shared by every session.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

import duckdb
import pandas as pd
import streamlit as st

from recsys import explain as ex
from recsys.errors import DataError
from recsys.ui import data
from recsys.views import console

if TYPE_CHECKING:
    from recsys.model.ranker import Ranker

__all__ = [
    "candidate_list",
    "choose_run",
    "cohort_comparison",
    "cohort_members",
    "cohort_values",
    "compare",
    "explain_top",
    "explained_runs",
    "feature_stats",
    "global_importance",
    "interactions",
    "listener",
    "most_active_listener",
    "run_info",
    "sample",
    "search",
    "top_artists",
    "weekly_plays",
    "what_if",
    "why_not",
]

Level = Literal["feature", "group"]


@st.cache_data(show_spinner=False, max_entries=8)
def _explained_runs(_con: duckdb.DuckDBPyConnection, version: str) -> pd.DataFrame:
    with console.cursor(_con) as cur:
        return ex.explained_runs(cur)


def explained_runs() -> pd.DataFrame:
    """Runs with stored explanations, newest first."""
    return _explained_runs(data.connection(), data.data_version())


def choose_run(*, stale_key: str) -> str | None:
    """The run a Recommend page shows, picked in the sidebar (newest first), with the stale-run
    notice; None, after saying how to get one, when no run has explanations yet."""
    from recsys.errors import NotFittedError
    from recsys.ui import runs as run_data

    try:
        runs = explained_runs()
    except NotFittedError:
        runs = None
    if runs is None or runs.empty:
        st.info(
            "No run with explanations yet. Build one on the Model › Runs page or with "
            "`soundcheck build`; every build stores what this page shows."
        )
        return None
    run_id = str(st.sidebar.selectbox("Run", runs["run_id"], help="Newest first."))
    run_data.stale_notice(run_id, key=stale_key)
    return run_id


@st.cache_data(show_spinner=False, max_entries=16)
def _run_info(_con: duckdb.DuckDBPyConnection, version: str, run_id: str | None) -> ex.RunInfo:
    with console.cursor(_con) as cur:
        return ex.resolve_run(cur, run_id)


def run_info(run_id: str | None = None) -> ex.RunInfo:
    """A run with explanations (default: the newest run); NotFittedError says what to do."""
    return _run_info(data.connection(), data.data_version(), run_id)


@st.cache_resource(show_spinner=False, max_entries=4)
def _ranker(version: str, run_id: str) -> Ranker:
    return ex.load_ranker(run_info(run_id), data.warehouse_path())


def ranker(run_id: str) -> Ranker:
    """The run's saved booster, loaded once for every session."""
    return _ranker(data.data_version(), run_id)


@st.cache_data(show_spinner=False, max_entries=64)
def _listener(
    _con: duckdb.DuckDBPyConnection, version: str, run_id: str, user_id: int
) -> ex.Listener:
    with console.cursor(_con) as cur:
        return ex.load_listener(cur, run_info(run_id), user_id)


def listener(run_id: str, user_id: int) -> ex.Listener:
    """One listener's candidates, cohorts and genres (DataError for an unknown listener)."""
    return _listener(data.connection(), data.data_version(), run_id, int(user_id))


@st.cache_data(show_spinner=False, max_entries=64)
def _explain_top(
    _con: duckdb.DuckDBPyConnection, version: str, run_id: str, user_id: int, n: int
) -> ex.Explained:
    with console.cursor(_con) as cur:
        return ex.explain_top(cur, listener(run_id, user_id), ranker(run_id), n)


def explain_top(run_id: str, user_id: int, n: int) -> ex.Explained:
    """Contributions, reasons and held-back lines of a listener's top ``n``."""
    return _explain_top(data.connection(), data.data_version(), run_id, int(user_id), int(n))


@st.cache_data(show_spinner=False, max_entries=128)
def _compare(
    version: str, run_id: str, user_id: int, n: int, a: int, b: int, grouped: bool
) -> pd.DataFrame:
    groups = run_info(run_id).groups if grouped else None
    return ex.compare(explain_top(run_id, user_id, n), a, b, groups)


def compare(run_id: str, user_id: int, n: int, a: int, b: int, grouped: bool) -> pd.DataFrame:
    """Why item ``a`` of the listener's top ``n`` scores above or below item ``b``."""
    return _compare(data.data_version(), run_id, int(user_id), n, int(a), int(b), grouped)


@st.cache_data(show_spinner=False, max_entries=32)
def _candidate_list(
    _con: duckdb.DuckDBPyConnection, version: str, run_id: str, user_id: int
) -> pd.DataFrame:
    with console.cursor(_con) as cur:
        return ex.candidate_list(cur, listener(run_id, user_id))


def candidate_list(run_id: str, user_id: int) -> pd.DataFrame:
    """Every candidate of the listener with its rank, score and name."""
    return _candidate_list(data.connection(), data.data_version(), run_id, int(user_id))


@st.cache_data(show_spinner=False, max_entries=64)
def _why_not(
    _con: duckdb.DuckDBPyConnection,
    version: str,
    run_id: str,
    user_id: int,
    kind: Literal["track", "artist"],
    target: int,
    shown: int,
) -> ex.WhyNot:
    with console.cursor(_con) as cur:
        return ex.why_not(cur, listener(run_id, user_id), ranker(run_id), kind, target, shown)


def why_not(
    run_id: str, user_id: int, kind: Literal["track", "artist"], target: int, shown: int
) -> ex.WhyNot:
    """Why a track or an artist is not among the listener's top ``shown``."""
    return _why_not(
        data.connection(), data.data_version(), run_id, int(user_id), kind, int(target), shown
    )


@st.cache_data(show_spinner=False, max_entries=128)
def _what_if(
    version: str, run_id: str, user_id: int, item_id: int, feature: str, value: float
) -> ex.WhatIf:
    return ex.what_if(listener(run_id, user_id), ranker(run_id), item_id, feature, value)


def what_if(run_id: str, user_id: int, item_id: int, feature: str, value: float) -> ex.WhatIf:
    """A candidate re-scored with one feature changed, and its new rank."""
    return _what_if(data.data_version(), run_id, int(user_id), int(item_id), feature, float(value))


@st.cache_data(show_spinner=False, max_entries=64)
def _search(
    _con: duckdb.DuckDBPyConnection,
    version: str,
    run_id: str,
    text: str,
    kind: Literal["track", "artist"],
) -> pd.DataFrame:
    with console.cursor(_con) as cur:
        return ex.search(cur, run_id, text, kind)


def search(run_id: str, text: str, kind: Literal["track", "artist"]) -> pd.DataFrame:
    """Tracks or artists whose name contains ``text``."""
    return _search(data.connection(), data.data_version(), run_id, text, kind)


@st.cache_data(show_spinner=False, max_entries=32)
def _history(
    _con: duckdb.DuckDBPyConnection, version: str, run_id: str, user_id: int, what: str
) -> pd.DataFrame:
    info = run_info(run_id)
    with console.cursor(_con) as cur:
        if what == "artists":
            return ex.top_artists(cur, info, user_id)
        return ex.weekly_plays(cur, info, user_id)


def top_artists(run_id: str, user_id: int) -> pd.DataFrame:
    """The listener's ten most played artists."""
    return _history(data.connection(), data.data_version(), run_id, int(user_id), "artists")


def weekly_plays(run_id: str, user_id: int) -> pd.DataFrame:
    """The listener's plays per week."""
    return _history(data.connection(), data.data_version(), run_id, int(user_id), "weekly")


@st.cache_data(show_spinner=False, max_entries=8)
def _most_active(_con: duckdb.DuckDBPyConnection, version: str, run_id: str) -> int | None:
    with console.cursor(_con) as cur:
        return ex.most_active_listener(cur, run_info(run_id))


def most_active_listener(run_id: str) -> int:
    """The run's most active listener (the page opens on them).

    Raises:
        DataError: the run explains no listener.
    """
    user = _most_active(data.connection(), data.data_version(), run_id)
    if user is None:
        raise DataError(f"run {run_id} explains no listener: rebuild it")
    return user


@st.cache_data(show_spinner=False, max_entries=32)
def _cohort_values(
    _con: duckdb.DuckDBPyConnection, version: str, run_id: str, dimension: str
) -> list[str]:
    with console.cursor(_con) as cur:
        return ex.read_cohort_values(cur, run_info(run_id), dimension)


def cohort_values(run_id: str, dimension: str) -> list[str]:
    """The cohorts of a dimension among the run's listeners, largest first."""
    return _cohort_values(data.connection(), data.data_version(), run_id, dimension)


@st.cache_data(show_spinner=False, max_entries=64)
def _cohort_members(
    _con: duckdb.DuckDBPyConnection, version: str, run_id: str, dimension: str, value: str
) -> pd.DataFrame:
    with console.cursor(_con) as cur:
        return ex.read_cohort_members(cur, run_info(run_id), dimension, value)


def cohort_members(run_id: str, dimension: str, value: str) -> pd.DataFrame:
    """The run's listeners in one cohort with their cohorts, most active first."""
    return _cohort_members(data.connection(), data.data_version(), run_id, dimension, value)


@st.cache_data(show_spinner=False, max_entries=16)
def _global(
    _con: duckdb.DuckDBPyConnection, version: str, run_id: str, what: str, arg: str, level: Level
) -> pd.DataFrame:
    info = run_info(run_id)
    with console.cursor(_con) as cur:
        if what == "importance":
            return ex.global_importance(cur, info, level)
        if what == "cohorts":
            return ex.cohort_comparison(cur, info, arg, level)
        if what == "interactions":
            return ex.interactions(cur, info)
        return ex.feature_stats(cur, info)


def global_importance(run_id: str, level: Level) -> pd.DataFrame:
    """Mean |SHAP| per feature or group over the run's sample."""
    return _global(data.connection(), data.data_version(), run_id, "importance", "", level)


def cohort_comparison(run_id: str, dimension: str, level: Level) -> pd.DataFrame:
    """Mean SHAP per cohort of ``dimension``, with bootstrap 95% intervals."""
    return _global(data.connection(), data.data_version(), run_id, "cohorts", dimension, level)


def interactions(run_id: str) -> pd.DataFrame:
    """Each feature's strongest interaction partner."""
    return _global(data.connection(), data.data_version(), run_id, "interactions", "", "feature")


def feature_stats(run_id: str) -> pd.DataFrame:
    """Group, description and quantiles of every feature over the run's candidates."""
    return _global(data.connection(), data.data_version(), run_id, "stats", "", "feature")


@st.cache_data(show_spinner=False, max_entries=4)
def _sample(
    _con: duckdb.DuckDBPyConnection, version: str, run_id: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    with console.cursor(_con) as cur:
        return ex.sample(cur, run_info(run_id))


def sample(run_id: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The run's global sample: SHAP values and feature values, row for row."""
    return _sample(data.connection(), data.data_version(), run_id)
