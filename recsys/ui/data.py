"""Cached access to the warehouse for the dashboard pages.

One locked, read-only connection per warehouse file (:func:`connection`, ``st.cache_resource``)
keyed on the file's path, mtime and inode, so a build that swaps in a new file is picked up on
the next rerun. Query results are cached with ``st.cache_data`` keyed on the warehouse's data
version, so they are computed once per dataset and never served stale. Pages call the public
functions here; the cached ones take the connection as ``_con`` (unhashable, not part of the key).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import NamedTuple

import duckdb
import pandas as pd
import streamlit as st

from recsys import warehouse
from recsys.errors import WarehouseNotFoundError
from recsys.views import browse as _browse
from recsys.views import console, overview

__all__ = [
    "browse",
    "browse_tables",
    "catalog",
    "check_filters",
    "connection",
    "data_version",
    "generate_demo",
    "kpis",
    "listeners_by_country",
    "listens_per_week",
    "long_tail",
    "run_sql",
    "top_genres",
    "warehouse_exists",
    "warehouse_path",
    "why_empty",
]


class _Opened(NamedTuple):
    con: duckdb.DuckDBPyConnection
    version: str


def warehouse_path() -> Path:
    """The warehouse the dashboard reads: ``SOUNDCHECK_WAREHOUSE`` or the default path."""
    return warehouse.default_path()


def warehouse_exists() -> bool:
    """Whether there is a warehouse file to read."""
    return warehouse_path().is_file()


def _close(opened: _Opened) -> None:
    opened.con.close()


@st.cache_resource(show_spinner=False, max_entries=2, on_release=_close)
def _open(path: str, mtime_ns: int, inode: int) -> _Opened:
    """Open one warehouse file; mtime and inode are in the key so a swapped file reopens."""
    con = console.open_locked(path)
    with console.cursor(con) as cur:
        return _Opened(con, warehouse.data_version(cur))


def _opened() -> _Opened:
    path = warehouse_path()
    try:
        stat = path.stat()
    except FileNotFoundError:
        raise WarehouseNotFoundError(
            f"no warehouse at {path}: generate the demo data or import a dataset first"
        ) from None
    return _open(str(path.resolve()), stat.st_mtime_ns, stat.st_ino)


def connection() -> duckdb.DuckDBPyConnection:
    """The shared locked read-only connection; give each query its own ``console.cursor(con)``.

    Raises:
        WarehouseNotFoundError: there is no warehouse file.
        SchemaError: the file is not a Soundcheck warehouse.
    """
    return _opened().con


def data_version() -> str:
    """The data version of the current warehouse (changes whenever its data does)."""
    return _opened().version


@st.cache_data(show_spinner=False, max_entries=8)
def _kpis(_con: duckdb.DuckDBPyConnection, version: str) -> pd.DataFrame:
    with console.cursor(_con) as cur:
        return overview.kpis(cur)


def kpis() -> pd.DataFrame:
    """Dataset KPIs (see :func:`recsys.views.overview.kpis`)."""
    con, version = _opened()
    return _kpis(con, version)


@st.cache_data(show_spinner=False, max_entries=8)
def _listens_per_week(_con: duckdb.DuckDBPyConnection, version: str) -> pd.DataFrame:
    with console.cursor(_con) as cur:
        return overview.listens_per_week(cur)


def listens_per_week() -> pd.DataFrame:
    """Plays per week (see :func:`recsys.views.overview.listens_per_week`)."""
    con, version = _opened()
    return _listens_per_week(con, version)


@st.cache_data(show_spinner=False, max_entries=16)
def _long_tail(
    _con: duckdb.DuckDBPyConnection, version: str, level: overview.Level
) -> overview.LongTail:
    with console.cursor(_con) as cur:
        return overview.long_tail(cur, level)


def long_tail(level: overview.Level) -> overview.LongTail:
    """Lorenz curve and Gini of plays per track or artist (see the overview function)."""
    con, version = _opened()
    return _long_tail(con, version, level)


@st.cache_data(show_spinner=False, max_entries=16)
def _top_genres(
    _con: duckdb.DuckDBPyConnection, version: str, level: overview.GenreLevel, limit: int
) -> pd.DataFrame:
    with console.cursor(_con) as cur:
        return overview.top_genres(cur, level, limit=limit)


def top_genres(level: overview.GenreLevel, limit: int = 15) -> pd.DataFrame:
    """Most played genres (see :func:`recsys.views.overview.top_genres`)."""
    con, version = _opened()
    return _top_genres(con, version, level, limit)


@st.cache_data(show_spinner=False, max_entries=8)
def _listeners_by_country(_con: duckdb.DuckDBPyConnection, version: str) -> pd.DataFrame:
    with console.cursor(_con) as cur:
        return overview.listeners_by_country(cur)


def listeners_by_country() -> pd.DataFrame:
    """Listeners per country, small groups suppressed (see the overview function)."""
    con, version = _opened()
    return _listeners_by_country(con, version)


@st.cache_data(show_spinner=False, max_entries=64)
def _browse_page(
    _con: duckdb.DuckDBPyConnection,
    version: str,
    table: str,
    filters: tuple[_browse.Filter, ...],
    limit: int,
    offset: int,
) -> _browse.BrowsePage:
    with console.cursor(_con) as cur:
        return _browse.browse(cur, table, filters=filters, limit=limit, offset=offset, names=True)


def browse(
    table: str, filters: tuple[_browse.Filter, ...], *, limit: int, offset: int
) -> _browse.BrowsePage:
    """One page of a table, with names beside its ids, and its matching row count (see
    :mod:`recsys.views.browse`)."""
    con, version = _opened()
    return _browse_page(con, version, table, filters, limit, offset)


@st.cache_data(show_spinner=False, max_entries=8)
def _browse_tables(_con: duckdb.DuckDBPyConnection, version: str) -> list[str]:
    with console.cursor(_con) as cur:
        return _browse.tables(cur)


def browse_tables() -> list[str]:
    """The tables the browser offers for this warehouse (canonical, then build outputs)."""
    con, version = _opened()
    return _browse_tables(con, version)


def check_filters(table: str, filters: tuple[_browse.Filter, ...]) -> None:
    """Raise a :class:`QueryError` in words when a filter value does not fit its column."""
    with console.cursor(connection()) as cur:
        _browse.check_filters(cur, table, filters)


@st.cache_data(show_spinner=False, max_entries=32)
def _why_empty(_con: duckdb.DuckDBPyConnection, version: str, table: str, filtered: bool) -> str:
    with console.cursor(_con) as cur:
        return _browse.why_empty(cur, table, filtered=filtered)


def why_empty(table: str, *, filtered: bool) -> str:
    """Why a table shows no rows, in a sentence (see :func:`recsys.views.browse.why_empty`)."""
    con, version = _opened()
    return _why_empty(con, version, table, filtered)


@st.cache_data(show_spinner=False, max_entries=8)
def _catalog(_con: duckdb.DuckDBPyConnection, version: str) -> pd.DataFrame:
    with console.cursor(_con) as cur:
        return console.catalog(cur)


def catalog() -> pd.DataFrame:
    """Every table with its columns, types and descriptions (see :func:`console.catalog`)."""
    con, version = _opened()
    return _catalog(con, version)


def run_sql(text: str) -> console.ConsoleResult:
    """Run a typed query on the locked connection (not cached: each Run runs it).

    Raises:
        QueryError: the query was refused, failed or ran out of time.
    """
    with console.cursor(connection()) as cur:
        return console.run_query(cur, text)


def generate_demo(progress: Callable[[str, float], None] | None = None) -> Path:
    """Generate the ``demo`` synthetic warehouse at :func:`warehouse_path`.

    Args:
        progress: called with (step, fraction done) as the generator goes.
    """
    from recsys.synth import SynthConfig, generate_warehouse

    path = warehouse_path()
    generate_warehouse(path, SynthConfig.from_preset("demo"), progress=progress)
    return path
