"""Cached access to model runs (keyed on the warehouse's data version), a build with
progress, and the notice every page built on a run shows when the data changed since."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import duckdb
import pandas as pd
import streamlit as st

from recsys.errors import SoundcheckError
from recsys.schema import Task
from recsys.ui import data, widgets
from recsys.views import console, runs

__all__ = [
    "build_run",
    "build_with_progress",
    "compare_runs",
    "feature_importance",
    "is_stale",
    "list_runs",
    "model_table",
    "run_details",
    "run_facts",
    "significance",
    "stale_notice",
    "training_curve",
]


@st.cache_data(show_spinner=False, max_entries=8)
def _list_runs(_con: duckdb.DuckDBPyConnection, version: str) -> pd.DataFrame:
    with console.cursor(_con) as cur:
        return runs.list_runs(cur)


def list_runs() -> pd.DataFrame:
    """Every run, newest first (NotFittedError when there is none)."""
    return _list_runs(data.connection(), data.data_version())


@st.cache_data(show_spinner=False, max_entries=32)
def _per_run(_con: duckdb.DuckDBPyConnection, version: str, what: str, run_id: str) -> Any:
    fn: Callable[[duckdb.DuckDBPyConnection, str], Any] = getattr(runs, what)
    with console.cursor(_con) as cur:
        return fn(cur, run_id)


def model_table(run_id: str) -> pd.DataFrame:
    """Models x headline metrics of a run (see :func:`recsys.views.runs.model_table`)."""
    return _per_run(data.connection(), data.data_version(), "model_table", run_id)


def training_curve(run_id: str) -> pd.DataFrame:
    """NDCG per boosting round of a run."""
    return _per_run(data.connection(), data.data_version(), "training_curve", run_id)


def feature_importance(run_id: str) -> pd.DataFrame:
    """Gain importance of a run's features."""
    return _per_run(data.connection(), data.data_version(), "feature_importance", run_id)


def significance(run_id: str) -> pd.DataFrame:
    """The ranker against the best baseline, paired over users."""
    return _per_run(data.connection(), data.data_version(), "significance", run_id)


def run_details(run_id: str) -> dict[str, Any]:
    """Config, split, timings and skipped generators of a run."""
    return _per_run(data.connection(), data.data_version(), "run_details", run_id)


def oracle_sample_sentence(run_id: str) -> str | None:
    """How the oracle of a run was sampled, or None (see :func:`recsys.views.runs`)."""
    summary = _per_run(data.connection(), data.data_version(), "run_summary", run_id)
    return runs.oracle_sample_sentence(summary)


def run_facts(run_id: str) -> pd.DataFrame:
    """A run's split, timings and configuration as readable rows."""
    return runs.run_facts(run_details(run_id))


def is_stale(run_id: str) -> bool:
    """Whether the warehouse's data changed after the run was built."""
    return bool(_per_run(data.connection(), data.data_version(), "is_stale", run_id))


@st.cache_data(show_spinner=False, max_entries=16)
def _compare(_con: duckdb.DuckDBPyConnection, version: str, a: str, b: str) -> pd.DataFrame:
    with console.cursor(_con) as cur:
        return runs.compare_runs(cur, a, b)


def compare_runs(run_a: str, run_b: str) -> pd.DataFrame:
    """Headline metrics of two runs side by side."""
    return _compare(data.connection(), data.data_version(), run_a, run_b)


def build_run(task: str, progress: Callable[[str, float], None]) -> str:
    """Train and evaluate a new run on the dashboard's warehouse; returns its run id.

    The build works on a copy of the warehouse and swaps it in atomically, so the dashboard
    keeps reading the old file until the build is done; the next rerun opens the new one.
    """
    from recsys.model.build import build
    from recsys.model.config import BuildConfig

    chosen: Task = "repeat" if task == "repeat" else "discovery"
    result = build(data.warehouse_path(), BuildConfig(task=chosen), progress=progress)
    return result.run_id


def build_with_progress(task: str) -> str | None:
    """Build a run with a progress bar; returns its id, or None after showing why it failed."""
    bar = st.progress(0.0, text="Starting")
    started = datetime.now()

    def report(step: str, fraction: float) -> None:
        seconds = (datetime.now() - started).total_seconds()
        bar.progress(min(max(float(fraction), 0.0), 1.0), text=f"{step} ({seconds:.0f} s)")

    try:
        return build_run(task, report)
    except SoundcheckError as exc:
        widgets.show_error(exc, title="The build failed")
        return None


def stale_notice(run_id: str, *, task: str = "discovery", key: str = "stale-rebuild") -> None:
    """Say so when the data changed after ``run_id`` was built, and offer a rebuild.

    Every page that shows a run's figures calls this first: an import or a new generation
    after the build means those figures describe the data as it was, not as it is.
    """
    if not is_stale(run_id):
        return
    with st.container(border=True):
        st.warning(
            f"The data in this warehouse changed after run {run_id} was built (an import or a "
            "new generation since). Its figures describe the data as it was then; rebuild to "
            "see the current data.",
            icon=":material/history:",
        )
        if st.button("Rebuild now", icon=":material/refresh:", key=key):
            new_run = build_with_progress(task)
            if new_run is not None:
                st.success(f"Run {new_run} written.")
                st.rerun()
