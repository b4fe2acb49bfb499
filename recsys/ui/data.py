"""Cached access to the warehouse for the dashboard pages.

The session reads one warehouse of the folder of the configured one (``data/`` by default):
:func:`warehouse_path`, switched with :func:`choose` (kept in the session state and in the
address as ``?warehouse=<name>``, so a reload keeps it). One locked, read-only connection per
warehouse file (:func:`connection`, ``st.cache_resource``) keyed on the file's path, mtime and
inode, so a switch, or a build that swaps in a new file, is picked up on the next rerun.
Query results are cached with ``st.cache_data`` keyed on the warehouse's data version, so they
are computed once per dataset and never served stale. Pages call the public functions here;
the cached ones take the connection as ``_con`` (unhashable, not part of the key).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

import duckdb
import pandas as pd
import streamlit as st

from recsys import warehouse
from recsys.errors import DataError, WarehouseNotFoundError
from recsys.views import browse as _browse
from recsys.views import console, overview
from recsys.views import warehouses as _wh

if TYPE_CHECKING:  # recsys.io is imported when first needed: it is not light
    from recsys import io as _io

__all__ = [
    "WAREHOUSE_PARAM",
    "browse",
    "browse_tables",
    "catalog",
    "check_filters",
    "choose",
    "chosen_name",
    "connection",
    "data_version",
    "datasets",
    "generate_demo",
    "holds_synthetic",
    "kpis",
    "listeners_by_country",
    "listens_per_week",
    "long_tail",
    "removal_plan",
    "remove_dataset",
    "run_sql",
    "top_genres",
    "untracked_rows",
    "warehouse_exists",
    "warehouse_folder",
    "warehouse_path",
    "warehouses",
    "why_empty",
]

WAREHOUSE_PARAM = "warehouse"
"""The query parameter naming the session's warehouse (its file name without ``.duckdb``)."""

_CHOICE = "warehouse-choice"
"""Session-state key (owned by no widget) of the chosen warehouse's name."""


class _Opened(NamedTuple):
    con: duckdb.DuckDBPyConnection
    version: str


def warehouse_folder() -> Path:
    """The folder whose warehouses the session can switch between: that of the configured one."""
    return warehouse.default_path().parent


def chosen_name() -> str | None:
    """The name of the warehouse this session chose (or its address names), if any.

    The session state holds the choice; on a new session (a reload) it is read from the
    address. A name that is not a plain file name is ignored.
    """
    name = st.session_state.get(_CHOICE)
    if name is None:
        name = st.query_params.get(WAREHOUSE_PARAM)
        if name is not None and _wh.valid_name(str(name)):
            st.session_state[_CHOICE] = name = str(name)
    return str(name) if name is not None and _wh.valid_name(str(name)) else None


def choose(name: str | None) -> None:
    """Switch this session to the warehouse called ``name`` in the folder (None: the default).

    Raises:
        DataError: ``name`` is not a plain warehouse name.
    """
    if name is None or _wh.path_for(warehouse_folder(), name) == warehouse.default_path():
        st.session_state.pop(_CHOICE, None)
        st.query_params.pop(WAREHOUSE_PARAM, None)
        return
    _wh.path_for(warehouse_folder(), name)  # refuses a name that is a path
    st.session_state[_CHOICE] = name
    st.query_params[WAREHOUSE_PARAM] = name


def warehouse_path() -> Path:
    """The warehouse this session reads: the one it chose in the folder of the configured one
    (``SOUNDCHECK_WAREHOUSE``, else ``data/soundcheck.duckdb``) while that file exists, else the
    configured one."""
    default = warehouse.default_path()
    name = chosen_name()
    if name is None:
        return default
    try:
        chosen = _wh.path_for(warehouse_folder(), name)
    except DataError:
        return default
    return chosen if chosen.is_file() else default


def warehouse_exists() -> bool:
    """Whether there is a warehouse file to read."""
    return warehouse_path().is_file()


def _close(opened: _Opened) -> None:
    opened.con.close()


@st.cache_resource(show_spinner=False, max_entries=4, on_release=_close)
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


def _folder_signature(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """Name, size and mtime of every file of the folder: what the listing's cache is keyed on."""
    if not folder.is_dir():
        return ()
    out = []
    for p in sorted(folder.glob(f"*{_wh.SUFFIX}")):
        try:
            stat = p.stat()
        except FileNotFoundError:  # swapped or removed meanwhile
            continue
        out.append((p.name, stat.st_size, stat.st_mtime_ns))
    return tuple(out)


@st.cache_data(show_spinner=False, max_entries=8)
def _listing(folder: str, signature: tuple[tuple[str, int, int], ...]) -> list[_wh.WarehouseInfo]:
    return _wh.list_warehouses(Path(folder))


def warehouses() -> list[_wh.WarehouseInfo]:
    """The warehouses of :func:`warehouse_folder` (see :func:`recsys.views.warehouses.
    list_warehouses`); listed again whenever a file of the folder changes."""
    folder = warehouse_folder()
    return _listing(str(folder.resolve()), _folder_signature(folder))


@st.cache_data(show_spinner=False, max_entries=8)
def _datasets(_con: duckdb.DuckDBPyConnection, version: str) -> pd.DataFrame:
    from recsys import io as _io

    with console.cursor(_con) as cur:
        return _io.list_datasets(cur)


def datasets() -> pd.DataFrame:
    """The datasets of the current warehouse (see :func:`recsys.io.list_datasets`)."""
    con, version = _opened()
    return _datasets(con, version)


@st.cache_data(show_spinner=False, max_entries=8)
def _untracked(_con: duckdb.DuckDBPyConnection, version: str) -> dict[str, int]:
    from recsys import io as _io

    with console.cursor(_con) as cur:
        return _io.untracked_rows(cur)


def untracked_rows() -> dict[str, int]:
    """Rows of the current warehouse that no dataset claims (written before tracking)."""
    con, version = _opened()
    return _untracked(con, version)


@st.cache_data(show_spinner=False, max_entries=8)
def _holds_synthetic(_con: duckdb.DuckDBPyConnection, version: str) -> bool:
    from recsys import io as _io

    with console.cursor(_con) as cur:
        return _io.holds_synthetic(cur)


def holds_synthetic() -> bool:
    """Whether the current warehouse holds the synthetic demo (False when there is none)."""
    if not warehouse_exists():
        return False
    con, version = _opened()
    return _holds_synthetic(con, version)


@st.cache_data(show_spinner=False, max_entries=16)
def _removal_plan(
    _con: duckdb.DuckDBPyConnection, version: str, dataset_id: int
) -> tuple[_io.Dataset, dict[str, int]]:
    from recsys import io as _io

    with console.cursor(_con) as cur:
        plan = _io.removal_plan(cur, dataset_id)
    return plan.dataset, dict(plan.deleted)


def removal_plan(dataset_id: int) -> _io.Removal:
    """What removing a dataset of the current warehouse would delete (nothing is changed).

    Raises:
        DataError: no such dataset.
        SchemaError: the warehouse was written before datasets were tracked.
    """
    from types import MappingProxyType

    from recsys import io as _io

    con, version = _opened()
    dataset, deleted = _removal_plan(con, version, dataset_id)
    return _io.Removal(dataset, MappingProxyType(deleted))


def remove_dataset(
    dataset_id: int, progress: Callable[[str, float], None] | None = None
) -> _io.Removal:
    """Remove a dataset from the current warehouse, all or nothing (see
    :func:`recsys.io.remove_dataset`); the next rerun reads the new file."""
    from recsys import io as _io

    return _io.remove_dataset(warehouse_path(), dataset_id, progress=progress)
