"""Cached access to the genre map for the Discover pages (Genre map, Emerging).

Every result is cached with ``st.cache_data`` keyed on the warehouse's data version and the
run, so a page reruns from memory until a build or an import changes the warehouse. The map's
figure is cached too: building it for thousands of points is the page's largest cost. It is
kept as a resource (one shared object, not a copy per rerun: unpickling a map of 10,000 artists
took 0.1-0.2 s of every rerun); the chart only reads it, and so must callers.
"""

from __future__ import annotations

from typing import Any

import duckdb
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from recsys import maps
from recsys.plots import maps as maps_plots
from recsys.ui import data
from recsys.views import console

__all__ = [
    "artist_choices",
    "cluster_tests",
    "cluster_trajectory",
    "clusters",
    "communities",
    "listener_groups",
    "map_figure",
    "map_info",
    "map_runs",
    "month_choices",
    "month_plays",
    "points",
    "test_count",
    "user_overlay",
]


@st.cache_data(show_spinner=False, max_entries=8)
def _map_runs(_con: duckdb.DuckDBPyConnection, version: str) -> pd.DataFrame:
    with console.cursor(_con) as cur:
        return maps.map_runs(cur)


def map_runs() -> pd.DataFrame:
    """Runs with a genre map, newest first (empty when there is none)."""
    return _map_runs(data.connection(), data.data_version())


@st.cache_data(show_spinner=False, max_entries=32)
def _read(_con: duckdb.DuckDBPyConnection, version: str, what: str, run_id: str) -> Any:
    readers = {
        "info": maps.map_info,
        "points": maps.map_points,
        "clusters": maps.map_clusters,
        "test_count": maps.map_test_count,
        "month_list": maps.map_month_list,
        "communities": maps.map_communities,
    }
    with console.cursor(_con) as cur:
        return readers[what](cur, run_id)


@st.cache_data(show_spinner=False, max_entries=8)
def _artist_choices(_con: duckdb.DuckDBPyConnection, version: str, run_id: str) -> dict[int, str]:
    return maps.artist_choices(points(run_id))


def artist_choices(run_id: str) -> dict[int, str]:
    """Artist id -> ``"name (cluster)"`` of the run's map, most listened first (see
    :func:`recsys.maps.artist_choices`)."""
    return _artist_choices(data.connection(), data.data_version(), run_id)


def map_info(run_id: str) -> dict[str, Any]:
    """A map's summary, configuration and facts (see :func:`recsys.maps.map_info`)."""
    return _read(data.connection(), data.data_version(), "info", run_id)


def points(run_id: str) -> pd.DataFrame:
    """Every artist on the run's map (see :func:`recsys.maps.map_points`)."""
    return _read(data.connection(), data.data_version(), "points", run_id)


def clusters(run_id: str) -> pd.DataFrame:
    """Every cluster, most emerging first (see :func:`recsys.maps.map_clusters`)."""
    return _read(data.connection(), data.data_version(), "clusters", run_id)


def test_count(run_id: str) -> int:
    """How many burst tests the run's map holds (see :func:`recsys.maps.map_test_count`)."""
    return int(_read(data.connection(), data.data_version(), "test_count", run_id))


@st.cache_data(show_spinner=False, max_entries=64)
def _cluster_tests(
    _con: duckdb.DuckDBPyConnection, version: str, run_id: str, cluster_id: int
) -> pd.DataFrame:
    with console.cursor(_con) as cur:
        return maps.map_cluster_tests(cur, cluster_id, run_id)


def cluster_tests(run_id: str, cluster_id: int) -> pd.DataFrame:
    """One cluster's burst tests, strongest first (see :func:`recsys.maps.map_cluster_tests`)."""
    return _cluster_tests(data.connection(), data.data_version(), run_id, int(cluster_id))


def month_choices(run_id: str) -> list[str]:
    """The months of the map's listening, oldest first, as ``YYYY-MM-01`` (see
    :func:`recsys.maps.map_month_list`)."""
    return list(_read(data.connection(), data.data_version(), "month_list", run_id))


def communities(run_id: str) -> pd.DataFrame:
    """The communities the run's trend tests compared."""
    return _read(data.connection(), data.data_version(), "communities", run_id)


@st.cache_data(show_spinner=False, max_entries=32)
def _month_plays(
    _con: duckdb.DuckDBPyConnection, version: str, run_id: str, month: str
) -> pd.Series:
    with console.cursor(_con) as cur:
        return maps.map_month_plays(cur, month, run_id)


def month_plays(run_id: str, month: Any) -> pd.Series:
    """Plays per artist (index ``artist_id``) in one month of the run's map."""
    key = pd.Timestamp(month).strftime("%Y-%m-01")
    return _month_plays(data.connection(), data.data_version(), run_id, key)


@st.cache_data(show_spinner=False, max_entries=64)
def _trajectory(
    _con: duckdb.DuckDBPyConnection, version: str, run_id: str, cluster_id: int
) -> pd.DataFrame:
    with console.cursor(_con) as cur:
        return maps.cluster_trajectory(cur, cluster_id, run_id)


def cluster_trajectory(run_id: str, cluster_id: int) -> pd.DataFrame:
    """One cluster's share of active listeners per window and community."""
    return _trajectory(data.connection(), data.data_version(), run_id, int(cluster_id))


@st.cache_data(show_spinner=False, max_entries=32)
def _overlay(
    _con: duckdb.DuckDBPyConnection, version: str, run_id: str, user_id: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    placed = points(run_id)
    with console.cursor(_con) as cur:
        return maps.user_overlay(cur, placed, user_id, run_id)


def user_overlay(run_id: str, user_id: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A listener's most played artists and recommended artists on the map.

    Raises:
        DataError: there is no such listener.
    """
    return _overlay(data.connection(), data.data_version(), run_id, int(user_id))


@st.cache_data(show_spinner=False, max_entries=32)
def _groups(
    _con: duckdb.DuckDBPyConnection, version: str, artist_ids: tuple[int, ...]
) -> pd.DataFrame:
    with console.cursor(_con) as cur:
        return maps.listener_groups(cur, artist_ids)


def listener_groups(artist_ids: tuple[int, ...]) -> pd.DataFrame:
    """Listeners of a selection by country and age group, small groups folded."""
    return _groups(data.connection(), data.data_version(), tuple(sorted(artist_ids)))


@st.cache_resource(show_spinner=False, max_entries=16)
def _figure(
    _con: duckdb.DuckDBPyConnection,
    version: str,
    run_id: str,
    colour_by: maps_plots.ColourMode,
    month: str | None,
    focus: int | None,
    user_id: int | None,
    label_top: int,
) -> go.Figure:
    placed = points(run_id)
    history, recommended = user_overlay(run_id, user_id) if user_id is not None else (None, None)
    labels = clusters(run_id)
    labels = labels[labels["cluster_id"] >= 0].nlargest(label_top, "listeners")
    return maps_plots.genre_map(
        placed,
        colour_by,
        month_plays=month_plays(run_id, month) if month is not None else None,
        focus=focus,
        history=history,
        recommended=recommended,
        labels=labels,
        title=f"Listening in {pd.Timestamp(month):%B %Y}" if month else "Genre map",
    )


def map_figure(
    run_id: str,
    colour_by: maps_plots.ColourMode,
    *,
    month: str | None = None,
    focus: int | None = None,
    user_id: int | None = None,
    label_top: int = 25,
) -> go.Figure:
    """The map figure (cached, shared: do not change it): see
    :func:`recsys.plots.maps.genre_map`."""
    return _figure(
        data.connection(), data.data_version(), run_id, colour_by, month, focus, user_id,
        label_top,
    )  # fmt: skip
