"""Browse the warehouse's tables a page at a time, with simple per-column filters.

The query is assembled here rather than in a ``.sql`` file because the table and the columns
vary; every name is checked against :data:`BROWSE_TABLES` and quoted, and every value (filter
values, limit, offset) is bound as a ``$name`` parameter, never formatted in. A filter value is
first read as the column's type (:func:`check_filters`), so a value that cannot fit is refused
with a sentence ("debut_year is a whole number, and 'female' is not one"), not a DuckDB error.
Equals and contains ignore case on text. A page can carry the names of the tracks, artists and
genres its ids point to (:mod:`recsys.views.names`), and an empty table says why it is empty.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from types import MappingProxyType
from typing import Any, Final, Literal

import duckdb
import pandas as pd

from recsys import sql
from recsys.errors import QueryError
from recsys.schema import CANONICAL_TABLES, COLUMN_DESCRIPTIONS, TABLE_DESCRIPTIONS
from recsys.views.names import NAME_DESCRIPTIONS, NameOf, with_names

__all__ = [
    "BROWSE_TABLES",
    "MAX_PAGE_SIZE",
    "BrowsePage",
    "Filter",
    "browse",
    "check_filters",
    "column_help",
    "columns_of",
    "describe",
    "tables",
    "why_empty",
]

MAX_PAGE_SIZE: Final = 1_000
"""Largest page :func:`browse` returns, so a page never floods the browser."""

_OUTPUT_TABLES: Final = MappingProxyType(
    {"recommendations": ("run_id", "user_id", "item_id", "rank", "score", "sources")}
)
_OUTPUT_DESCRIPTIONS: Final = MappingProxyType(
    {
        "recommendations": (
            "The top 50 items a model run recommends to each listener, best first.",
            {
                "run_id": "The model run that made the list (see the Runs page).",
                "user_id": "The listener (see users).",
                "item_id": "The recommended track, or artist for artist-grain data.",
                "rank": "Position in the list, 1 is the top.",
                "score": "The ranker's score; only the order within a list matters.",
                "sources": "The candidate generators that proposed the item.",
            },
        )
    }
)

BROWSE_TABLES: Final = MappingProxyType({**CANONICAL_TABLES, **_OUTPUT_TABLES})
"""Every table the browser may show, with its columns in DDL order: the canonical tables and
the build's recommendations (present once a model has been built)."""

_NAMED: Final[Mapping[str, dict[str, NameOf]]] = MappingProxyType(
    {
        "tracks": {"artist_id": "artist"},
        "genres": {"parent_id": "parent_genre"},
        "artist_genres": {"artist_id": "artist", "genre_id": "genre"},
        "artist_tags": {"artist_id": "artist", "genre_id": "genre"},
        "artist_attributes_inferred": {"artist_id": "artist"},
        "listens": {"track_id": "track"},
        "play_counts": {"artist_id": "artist"},
    }
)
"""Id columns of each table that get a name column beside them."""

Op = Literal["equals", "contains", "range"]

_INTEGER_RANGES: Final = {
    "TINYINT": 2**7,
    "SMALLINT": 2**15,
    "INTEGER": 2**31,
    "BIGINT": 2**63,
    "HUGEINT": 2**127,
}
_FLOAT_TYPES: Final = frozenset({"FLOAT", "DOUBLE", "REAL"})
_TRUE: Final = frozenset({"true", "t", "yes", "y", "1"})
_FALSE: Final = frozenset({"false", "f", "no", "n", "0"})


@dataclass(frozen=True)
class Filter:
    """One condition on one column of the browsed table.

    Attributes:
        column: a column of the table (checked against the allow-list).
        op: ``"equals"`` (``value``, ignoring case on text; None matches NULL),
            ``"contains"`` (case-insensitive substring of the value as text) or ``"range"``
            (``low <= column <= high``, either bound may be None).
        value: the value for ``equals`` and ``contains``. Text is read as the column's type
            (:func:`check_filters`), so ``"12"`` matches an integer 12 and ``"2025-11-01"``
            every time on that day.
        low: inclusive lower bound for ``range``.
        high: inclusive upper bound for ``range``.
    """

    column: str
    op: Op
    value: Any = None
    low: Any = None
    high: Any = None

    @classmethod
    def equals(cls, column: str, value: Any) -> Filter:
        """``column = value`` (``column IS NULL`` when value is None)."""
        return cls(column, "equals", value=value)

    @classmethod
    def contains(cls, column: str, text: str) -> Filter:
        """The column, as text, contains ``text`` (ignoring case)."""
        return cls(column, "contains", value=text)

    @classmethod
    def between(cls, column: str, low: Any = None, high: Any = None) -> Filter:
        """``low <= column <= high``; a None bound is open."""
        return cls(column, "range", low=low, high=high)


@dataclass(frozen=True)
class BrowsePage:
    """One page of a browsed table.

    Attributes:
        frame: the rows of this page, columns in DDL order.
        total: how many rows match the filters in the whole table.
        limit: the page size asked for.
        offset: how many matching rows come before this page.
    """

    frame: pd.DataFrame
    total: int
    limit: int
    offset: int


def columns_of(table: str) -> tuple[str, ...]:
    """The columns of a browsable table, in DDL order.

    Raises:
        QueryError: ``table`` is not one of :data:`BROWSE_TABLES`.
    """
    try:
        return BROWSE_TABLES[table]
    except KeyError:
        raise QueryError(
            f"unknown table {table!r}; choose one of {', '.join(BROWSE_TABLES)}"
        ) from None


def tables(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The browsable tables this warehouse has: the canonical ones, then build outputs."""
    present = {row[0] for row in con.execute(sql.load("browse/tables")).fetchall()}
    return [t for t in BROWSE_TABLES if t in present]


def describe(table: str) -> str:
    """A one-line description of a browsable table."""
    columns_of(table)
    if table in _OUTPUT_DESCRIPTIONS:
        return _OUTPUT_DESCRIPTIONS[table][0]
    return TABLE_DESCRIPTIONS[table]


def column_help(table: str) -> dict[str, str]:
    """A one-line description of every column a page of ``table`` shows, names included."""
    columns_of(table)
    if table in _OUTPUT_DESCRIPTIONS:
        described = dict(_OUTPUT_DESCRIPTIONS[table][1])
        described["track"] = "The recommended track's title (track-grain runs)."
        described["artist"] = "The recommended artist, or the recommended track's artist."
    else:
        described = dict(COLUMN_DESCRIPTIONS[table])
        for kind in _NAMED.get(table, {}).values():
            names = ["track", "artist"] if kind == "track" else [kind]
            described.update({n: NAME_DESCRIPTIONS[n] for n in names})
    return described


def browse(
    con: duckdb.DuckDBPyConnection,
    table: str,
    *,
    filters: Sequence[Filter] = (),
    limit: int = 50,
    offset: int = 0,
    order_by: str | None = None,
    descending: bool = False,
    names: bool = False,
) -> BrowsePage:
    """Return one page of a table and the number of rows matching the filters.

    Args:
        con: warehouse connection.
        table: one of :data:`BROWSE_TABLES`.
        filters: conditions, all of which a row must meet.
        limit: page size, 1 to :data:`MAX_PAGE_SIZE`.
        offset: rows to skip (0 or more).
        order_by: a column to sort by; None keeps the table's stored order.
        descending: sort ``order_by`` from largest to smallest.
        names: insert the names of the tracks, artists and genres the page's ids point to,
            each right after its id (``track`` and ``artist`` after ``track_id`` ...).

    Raises:
        QueryError: a table, column or operator that is not allowed (the message names it), a
            page size or offset out of range, or a filter value that does not fit its column
            (the message says what the column holds).
    """
    columns = columns_of(table)
    if not 1 <= limit <= MAX_PAGE_SIZE:
        raise QueryError(f"page size must be between 1 and {MAX_PAGE_SIZE}, not {limit}")
    if offset < 0:
        raise QueryError(f"offset must be 0 or more, not {offset}")
    types = _column_types(con, table)
    # a column the warehouse does not have yet (an older schema version) is left out
    columns = tuple(c for c in columns if c in types)
    where, params = _where(table, columns, check_filters(con, table, filters), types)
    order = ""
    if order_by is not None:
        order = f" ORDER BY {_quoted(table, columns, order_by)}{' DESC' if descending else ''}"
    select = ", ".join(f'"{c}"' for c in columns)
    source = f'FROM "{table}"{where}'  # table and columns come from the allow-list
    try:
        total_row = con.execute(f"SELECT count(*) {source}", params).fetchone()
        frame = con.execute(
            f"SELECT {select} {source}{order} LIMIT $limit OFFSET $offset",
            {**params, "limit": limit, "offset": offset},
        ).df()
    except duckdb.Error as exc:
        named = ", ".join(sorted({f.column for f in filters})) or "no filter"
        raise QueryError(f"cannot filter {table} on {named}: {_first_line(exc)}") from exc
    total = int(total_row[0]) if total_row else 0
    if names:
        frame = _with_names(con, table, frame)
    return BrowsePage(frame=frame, total=total, limit=limit, offset=offset)


def check_filters(
    con: duckdb.DuckDBPyConnection, table: str, filters: Sequence[Filter]
) -> tuple[Filter, ...]:
    """The filters with their values read as their columns' types.

    Raises:
        QueryError: a column off the allow-list, an unknown operator, or a value that does not
            fit its column, in a sentence such as "debut_year is a whole number, and 'female'
            is not one".
    """
    columns = columns_of(table)
    types = _column_types(con, table)
    checked = []
    for f in filters:
        _quoted(table, columns, f.column)
        if f.op not in ("equals", "contains", "range"):
            raise QueryError(f"unknown filter {f.op!r}; use equals, contains or range")
        kind = types.get(f.column, "VARCHAR")
        if f.op == "equals":
            checked.append(replace(f, value=_read(f.column, kind, f.value)))
        elif f.op == "range":
            low, high = _read(f.column, kind, f.low), _read(f.column, kind, f.high)
            checked.append(replace(f, low=low, high=high))
        else:
            checked.append(f)
    return tuple(checked)


def why_empty(con: duckdb.DuckDBPyConnection, table: str, *, filtered: bool) -> str:
    """Why a table shows no rows, in a sentence for the person browsing it."""
    columns_of(table)
    if filtered:
        return "No rows match the filter."
    row = con.execute(sql.load("browse/content")).fetchone()
    listens, play_counts, _ = row if row else (0, 0, 0)
    if table == "play_counts" and listens:
        return (
            "No play counts: this dataset has timestamped listens; play counts come from "
            "aggregate-only sources such as hetrec."
        )
    if table == "play_counts":
        return "No play counts: no aggregate-only dataset (such as hetrec) has been imported."
    if table == "listens" and play_counts:
        return (
            "No listens: this dataset has play counts only (an aggregate-only source), so there "
            "are no individual plays."
        )
    if table == "friends":
        return (
            "No friends: only sources with a social graph (such as hetrec) fill this table, "
            "and none has been imported."
        )
    if table in ("artist_tags", "artist_attributes_inferred"):
        what = "No raw tags" if table == "artist_tags" else "No inferred attributes"
        return (
            f"{what}: they come from imported sources that carry free tags (such as hetrec or "
            "ListenBrainz); generated demo data has genres, not tags."
        )
    if table == "recommendations":
        return "No recommendations yet: build a model on the Runs page."
    return f"No {table} yet: generate the demo data or import a dataset."


def _column_types(con: duckdb.DuckDBPyConnection, table: str) -> dict[str, str]:
    rows = con.execute(sql.load("browse/column_types"), {"table": table}).fetchall()
    if not rows:
        raise QueryError(f"this warehouse has no {table} table yet")
    return {str(name): str(kind).upper() for name, kind in rows}


def _read(column: str, kind: str, value: Any) -> Any:
    """A filter value read as the column's DuckDB type; a sentence if it does not fit."""
    if value is None or not isinstance(value, str):
        return value
    text = value.strip()
    if _is_integer(kind):
        try:
            number = int(text.replace(",", "").replace("_", ""))
        except ValueError:
            raise QueryError(f"{column} is a whole number, and {value!r} is not one") from None
        bound = _INTEGER_RANGES.get(kind, _INTEGER_RANGES.get(kind[1:], 2**127))
        if not -bound <= number < bound:
            raise QueryError(f"{column} holds whole numbers up to {bound - 1:,}, not {number:,}")
        return number
    if kind in _FLOAT_TYPES or kind.startswith("DECIMAL"):
        try:
            number_f = float(text.replace(",", ""))
        except ValueError:
            raise QueryError(f"{column} is a number, and {value!r} is not one") from None
        if not math.isfinite(number_f):
            raise QueryError(f"{column} is a number, and {value!r} is not one")
        return number_f
    if kind == "BOOLEAN":
        if text.lower() in _TRUE:
            return True
        if text.lower() in _FALSE:
            return False
        raise QueryError(f"{column} is true or false, and {value!r} is neither")
    if kind == "DATE" or kind.startswith("TIMESTAMP"):
        return _read_time(column, kind, text, value)
    return value


def _is_integer(kind: str) -> bool:
    return kind in _INTEGER_RANGES or (kind.startswith("U") and kind[1:] in _INTEGER_RANGES)


def _is_scalar(kind: str) -> bool:
    """Whether a column of this type is compared as itself (else as its text)."""
    return (
        _is_integer(kind)
        or kind in _FLOAT_TYPES
        or kind in ("VARCHAR", "DATE", "BOOLEAN")
        or kind.startswith(("TIMESTAMP", "DECIMAL"))
    )


def _read_time(column: str, kind: str, text: str, value: str) -> date | datetime:
    try:
        if kind == "DATE" or len(text) <= 10:
            return date.fromisoformat(text)
        return datetime.fromisoformat(text)
    except ValueError:
        example = "2025-11-01" if kind == "DATE" else "2025-11-01 or 2025-11-01 14:30"
        what = "a date" if kind == "DATE" else "a date and time (UTC)"
        raise QueryError(f"{column} is {what} such as {example}, and {value!r} is not") from None


def _quoted(table: str, columns: tuple[str, ...], column: str) -> str:
    """The column name, quoted, after checking it belongs to the table."""
    if column not in columns:
        raise QueryError(
            f"table {table!r} has no column {column!r}; its columns are {', '.join(columns)}"
        )
    return f'"{column}"'


def _where(
    table: str, columns: tuple[str, ...], filters: Sequence[Filter], types: Mapping[str, str]
) -> tuple[str, dict[str, Any]]:
    """The WHERE clause for checked ``filters`` (or "") and its bound parameters."""
    clauses: list[str] = []
    params: dict[str, Any] = {}
    for i, f in enumerate(filters):
        col = _quoted(table, columns, f.column)
        kind = types.get(f.column, "VARCHAR")
        if f.op == "contains":
            clauses.append(f"contains(lower(CAST({col} AS VARCHAR)), lower($v{i}))")
            params[f"v{i}"] = str(f.value)
            continue
        if kind.startswith("TIMESTAMP") and any(type(v) is date for v in (f.value, f.low, f.high)):
            col = f"CAST({col} AS DATE)"  # a day matches every time on that day
        elif kind == "VARCHAR" and f.op == "equals":
            col = f"lower({col})"
        elif not _is_scalar(kind):
            col = f"CAST({col} AS VARCHAR)"  # JSON, lists: compared as their text
        if f.op == "equals" and f.value is None:
            clauses.append(f"{col} IS NULL")
        elif f.op == "equals":
            lowered = kind == "VARCHAR"
            clauses.append(f"{col} = lower($v{i})" if lowered else f"{col} = $v{i}")
            params[f"v{i}"] = f.value
        elif f.op == "range":
            if f.low is not None:
                clauses.append(f"{col} >= $lo{i}")
                params[f"lo{i}"] = f.low
            if f.high is not None:
                clauses.append(f"{col} <= $hi{i}")
                params[f"hi{i}"] = f.high
        else:
            raise QueryError(f"unknown filter {f.op!r}; use equals, contains or range")
    return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def _with_names(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> pd.DataFrame:
    """A page with names beside its ids; recommendations are named by their run's grain."""
    if table != "recommendations":
        return with_names(con, frame, _NAMED.get(table, {}))
    if frame.empty:
        return with_names(con, frame, {"item_id": "track"})
    runs = sorted({str(r) for r in frame["run_id"]})
    grains = dict(con.execute(sql.load("browse/run_grains"), {"ids": runs}).fetchall())
    parts = []
    for grain in ("track", "artist"):
        rows = frame[frame["run_id"].map(grains).fillna("track") == grain]
        if not rows.empty:
            named = with_names(con, rows, {"item_id": "track" if grain == "track" else "artist"})
            parts.append(named.set_axis(rows.index))
    columns = ["run_id", "user_id", "rank", "item_id", "track", "artist", "score", "sources"]
    merged = pd.concat(parts).sort_index()
    return merged.reindex(columns=columns).reset_index(drop=True)


def _first_line(exc: BaseException) -> str:
    """The first line of a DuckDB message, without the SQL and caret diagram after it."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return lines[0] if lines else type(exc).__name__
