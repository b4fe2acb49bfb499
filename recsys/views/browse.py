"""Browse any canonical table a page at a time, with simple per-column filters.

The query is assembled here rather than in a ``.sql`` file because the table and the columns
vary; every name is checked against :data:`recsys.schema.CANONICAL_TABLES` and quoted, and every
value (filter values, limit, offset) is bound as a ``$name`` parameter, never formatted in.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final, Literal

import duckdb
import pandas as pd

from recsys.errors import QueryError
from recsys.schema import CANONICAL_TABLES

__all__ = ["MAX_PAGE_SIZE", "BrowsePage", "Filter", "browse", "columns_of"]

MAX_PAGE_SIZE: Final = 1_000
"""Largest page :func:`browse` returns, so a page never floods the browser."""

Op = Literal["equals", "contains", "range"]


@dataclass(frozen=True)
class Filter:
    """One condition on one column of the browsed table.

    Attributes:
        column: a column of the table (checked against the allow-list).
        op: ``"equals"`` (``value``; None matches NULL), ``"contains"`` (case-insensitive
            substring of the value as text) or ``"range"`` (``low <= column <= high``, either
            bound may be None).
        value: the value for ``equals`` and ``contains``. Text is cast to the column's type by
            DuckDB, so ``"12"`` matches an integer 12.
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
    """The columns of a canonical table, in DDL order.

    Raises:
        QueryError: ``table`` is not a canonical table.
    """
    try:
        return CANONICAL_TABLES[table]
    except KeyError:
        raise QueryError(
            f"unknown table {table!r}; choose one of {', '.join(CANONICAL_TABLES)}"
        ) from None


def browse(
    con: duckdb.DuckDBPyConnection,
    table: str,
    *,
    filters: Sequence[Filter] = (),
    limit: int = 50,
    offset: int = 0,
    order_by: str | None = None,
    descending: bool = False,
) -> BrowsePage:
    """Return one page of a canonical table and the number of rows matching the filters.

    Args:
        con: warehouse connection.
        table: a canonical table name.
        filters: conditions, all of which a row must meet.
        limit: page size, 1 to :data:`MAX_PAGE_SIZE`.
        offset: rows to skip (0 or more).
        order_by: a column to sort by; None keeps the table's stored order.
        descending: sort ``order_by`` from largest to smallest.

    Raises:
        QueryError: a table, column or operator that is not allowed (the message names it), a
            page size or offset out of range, or a filter value that does not fit its column.
    """
    columns = columns_of(table)
    if not 1 <= limit <= MAX_PAGE_SIZE:
        raise QueryError(f"page size must be between 1 and {MAX_PAGE_SIZE}, not {limit}")
    if offset < 0:
        raise QueryError(f"offset must be 0 or more, not {offset}")
    where, params = _where(table, columns, filters)
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
        raise QueryError(f"cannot filter {table} on {named}: {exc}") from exc
    total = int(total_row[0]) if total_row else 0
    return BrowsePage(frame=frame, total=total, limit=limit, offset=offset)


def _quoted(table: str, columns: tuple[str, ...], column: str) -> str:
    """The column name, quoted, after checking it belongs to the table."""
    if column not in columns:
        raise QueryError(
            f"table {table!r} has no column {column!r}; its columns are {', '.join(columns)}"
        )
    return f'"{column}"'


def _where(
    table: str, columns: tuple[str, ...], filters: Sequence[Filter]
) -> tuple[str, dict[str, Any]]:
    """The WHERE clause for ``filters`` (or "") and its bound parameters."""
    clauses: list[str] = []
    params: dict[str, Any] = {}
    for i, f in enumerate(filters):
        col = _quoted(table, columns, f.column)
        if f.op == "equals" and f.value is None:
            clauses.append(f"{col} IS NULL")
        elif f.op == "equals":
            clauses.append(f"{col} = $v{i}")
            params[f"v{i}"] = f.value
        elif f.op == "contains":
            clauses.append(f"contains(lower(CAST({col} AS VARCHAR)), lower($v{i}))")
            params[f"v{i}"] = str(f.value)
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
