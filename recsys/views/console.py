"""The read-only SQL console: a locked-down warehouse connection and a guarded query runner.

:func:`open_locked` opens the warehouse read-only and locks the DuckDB instance so that no query
can reach files, the network or extensions, or change a setting. The whole dashboard shares that
one connection (a cursor per thread). :func:`run_query` runs one person-typed statement on it:
only reads (SELECT-like statements and EXPLAIN), at most ``max_rows`` rows, within a time limit.
Every refusal or failure is a :class:`~recsys.errors.QueryError` with a one-line message.

The lockdown, not the statement check, is what keeps files and the network out of reach: the
statement check refuses whole kinds of statements early with a clear message, and the locked
configuration stops what a SELECT could still try (``read_csv('/etc/passwd')``). DuckDB still
lets a query read the open warehouse file itself (``read_blob`` on its path): that exposes the
warehouse's own bytes, nothing outside it.
"""

from __future__ import annotations

import difflib
import logging
import math
import os
import re
import tempfile
import threading
import time
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from recsys import sql
from recsys.errors import QueryError, SchemaError
from recsys.schema import CANONICAL_TABLES, COLUMN_DESCRIPTIONS
from recsys.warehouse import cursor, open_readonly

__all__ = [
    "ALLOWED_PRAGMAS",
    "ConsoleResult",
    "by_table",
    "catalog",
    "cursor",
    "open_locked",
    "run_query",
    "syntax_message",
]
# ``cursor`` is :func:`recsys.warehouse.cursor`, re-exported: a per-thread cursor that reads the
# warehouse (a bare ``con.cursor()`` starts on the instance's empty default database).

log = logging.getLogger(__name__)

_VECTOR_SIZE = 2048
"""Rows in one DuckDB vector; :meth:`fetch_df_chunk` returns whole vectors."""

_OPEN_LOCK = threading.Lock()
"""Serialises :func:`open_locked`, so two threads never race to lock the same instance."""

ALLOWED_PRAGMAS = frozenset(
    {
        "database_size",
        "functions",
        "metadata_info",
        "platform",
        "show",
        "show_databases",
        "show_tables",
        "show_tables_expanded",
        "storage_info",
        "table_info",
        "version",
    }
)
"""PRAGMAs that only read (schema, sizes, version); every other PRAGMA is refused."""

_ST = duckdb.StatementType
_READ_TYPES = frozenset({_ST.SELECT, _ST.EXPLAIN})
_REFUSAL_REASONS: Mapping[duckdb.StatementType, str] = {
    _ST.INSERT: "it would change the warehouse",
    _ST.UPDATE: "it would change the warehouse",
    _ST.DELETE: "it would change the warehouse",
    _ST.MERGE_INTO: "it would change the warehouse",
    _ST.CREATE: "it would change the warehouse",
    _ST.CREATE_FUNC: "it would change the warehouse",
    _ST.DROP: "it would change the warehouse",
    _ST.ALTER: "it would change the warehouse",
    _ST.VACUUM: "it would change the warehouse",
    _ST.ANALYZE: "it would change the warehouse",
    _ST.COPY: "it reads or writes files",
    _ST.COPY_DATABASE: "it reads or writes files",
    _ST.EXPORT: "it writes files",
    _ST.ATTACH: "it opens another database",
    _ST.DETACH: "it closes a database",
    _ST.LOAD: "it installs or loads an extension",
    _ST.SET: "it changes settings",
    _ST.VARIABLE_SET: "it changes settings",
    _ST.PRAGMA: "it changes settings",
    _ST.TRANSACTION: "the console runs each query on its own",
    _ST.PREPARE: "the console binds parameters itself",
    _ST.EXECUTE: "the console binds parameters itself",
    _ST.CALL: "it calls a procedure (for a table function, write SELECT * FROM fn(...))",
    _ST.MULTI: "it runs several statements; write it as one SELECT",
}

_PRAGMA_CALL = re.compile(r"pragma\s+([a-z_][a-z0-9_]*)\s*(?:\(|;|$)", re.IGNORECASE)
"""``PRAGMA name`` or ``PRAGMA name(...)``; an assignment (``PRAGMA x = 1``) does not match."""

_KEYWORDS = (
    "SELECT", "FROM", "WHERE", "GROUP", "ORDER", "BY", "HAVING", "LIMIT", "OFFSET", "JOIN",
    "LEFT", "RIGHT", "INNER", "OUTER", "FULL", "CROSS", "USING", "UNION", "DISTINCT", "WITH",
    "CASE", "WHEN", "THEN", "ELSE", "END", "AND", "NOT", "NULL", "LIKE", "ILIKE", "BETWEEN",
    "DESC", "ASC", "DESCRIBE", "SUMMARIZE", "EXPLAIN", "QUALIFY", "WINDOW", "OVER", "PARTITION",
)  # fmt: skip
"""SQL keywords a misspelt word is compared with, to say "did you mean FROM?"."""

_NEAR = re.compile(r'syntax error at or near "(.*)"')
_LINE = re.compile(r"^LINE (\d+): (.*)$")
_WORD = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

_LOCK_SETTINGS: tuple[tuple[str, str], ...] = (
    ("enable_external_access", "false"),
    ("autoinstall_known_extensions", "false"),
    ("autoload_known_extensions", "false"),
)
"""Settings a locked instance must have; checked when an already-locked instance is reused."""


@dataclass(frozen=True)
class ConsoleResult:
    """What one console query returned."""

    frame: pd.DataFrame
    """The rows, at most ``max_rows`` of them."""
    truncated: bool
    """Whether the query had more rows than ``max_rows``."""
    elapsed_s: float
    """Wall-clock seconds spent running the query and fetching the rows."""


def open_locked(
    path: str | os.PathLike[str], *, memory_limit: str = "2GB", threads: int | None = None
) -> duckdb.DuckDBPyConnection:
    """Open the warehouse read-only with files, network, extensions and settings locked away.

    The file is opened by :func:`recsys.warehouse.open_readonly`. When that attaches it to a
    fresh in-memory instance, every call locks its own instance and sees the file as it is now;
    when it shares DuckDB's one instance per file, a second call returns another connection to
    the already-locked instance, after checking that it is locked the same way. The order of the
    settings follows the DuckDB recipe: external access and extensions off, limits, then lock.

    Args:
        path: the warehouse file.
        memory_limit: DuckDB memory limit; bigger intermediate results spill to a private
            temporary directory.
        threads: DuckDB worker threads (default: the machine's cores, at most 4).

    Returns:
        A read-only connection; give each thread its own :func:`cursor`.

    Raises:
        WarehouseNotFoundError: no file at ``path``.
        SchemaError: the file is not a Soundcheck warehouse, or it is already open in this
            process without the lockdown and cannot be locked.
    """
    threads = threads or min(4, os.cpu_count() or 1)
    with _OPEN_LOCK:
        con = open_readonly(path)
        row = con.execute(
            "SELECT readonly FROM duckdb_databases() WHERE database_name = current_database()"
        ).fetchone()
        if row is None or not row[0]:
            con.close()
            raise SchemaError(f"{path} did not open read-only; refusing to hand it to the console")
        if _setting(con, "lock_configuration") == "true":
            _check_locked(con, path)
            return con
        spill = (
            Path(tempfile.gettempdir()) / f"soundcheck-duckdb-{os.getpid()}-{uuid.uuid4().hex[:8]}"
        )
        statements = [
            "SET enable_progress_bar = false",
            f"SET temp_directory = '{_sql_literal(str(spill))}'",
            "SET max_temp_directory_size = '8GB'",
            *(f"SET {name} = {value}" for name, value in _LOCK_SETTINGS),
            f"SET memory_limit = '{_sql_literal(memory_limit)}'",
            f"SET threads = {int(threads)}",
            "SET lock_configuration = true",
        ]
        try:
            for statement in statements:
                con.execute(statement)
        except duckdb.Error as exc:
            con.close()
            raise SchemaError(f"could not lock the warehouse connection to {path}: {exc}") from exc
        log.info(
            "opened %s read-only and locked (memory %s, %d threads)", path, memory_limit, threads
        )
        return con


def run_query(
    con: duckdb.DuckDBPyConnection,
    text: str,
    *,
    params: Mapping[str, object] | Sequence[object] | None = None,
    max_rows: int = 10_000,
    timeout_s: float = 10.0,
) -> ConsoleResult:
    """Run one read-only statement typed by a person, with a row cap and a time limit.

    The query runs on its own cursor, so the time limit interrupts only this query. Rows are
    streamed: at most ``max_rows + 1`` are fetched, the extra one only to tell that there were
    more.

    Args:
        con: a connection from :func:`open_locked`.
        text: exactly one SELECT-like statement (SELECT, WITH, FROM, VALUES, DESCRIBE, SHOW,
            SUMMARIZE, PIVOT/UNPIVOT in FROM), EXPLAIN, or a read-only PRAGMA.
        params: values for ``$name`` (a mapping) or ``?`` (a sequence) placeholders.
        max_rows: the most rows to return.
        timeout_s: seconds before the query is interrupted.

    Returns:
        The rows, whether they were truncated, and the time taken.

    Raises:
        QueryError: the statement was refused, failed, or ran past the time limit.
    """
    if max_rows < 1:
        raise ValueError(f"max_rows must be at least 1, got {max_rows}")
    if timeout_s <= 0:
        raise ValueError(f"timeout_s must be positive, got {timeout_s}")
    _check_statement(con, text)
    cur = cursor(con)
    timed_out = threading.Event()

    def _interrupt() -> None:
        timed_out.set()
        cur.interrupt()

    timer = threading.Timer(timeout_s, _interrupt)
    timer.daemon = True
    start = time.perf_counter()
    timer.start()
    try:
        cur.execute(text, params)
        frame, truncated = _fetch_capped(cur, max_rows)
    except duckdb.Error as exc:
        if timed_out.is_set():
            raise QueryError(
                f"refused: the query ran longer than the {timeout_s:g} s time limit and was "
                "stopped; add a LIMIT or a WHERE, or aggregate first"
            ) from exc
        raise QueryError(_failure_message(exc)) from exc
    except (ValueError, TypeError, OverflowError) as exc:  # pandas could not hold a value
        raise QueryError(f"query failed: the result could not be converted: {exc}") from exc
    finally:
        timer.cancel()
        cur.close()
    elapsed = time.perf_counter() - start
    log.debug("console query: %d rows, truncated=%s, %.3f s", len(frame), truncated, elapsed)
    return ConsoleResult(frame=frame, truncated=truncated, elapsed_s=elapsed)


def _check_statement(con: duckdb.DuckDBPyConnection, text: str) -> None:
    """Refuse anything but exactly one read-only statement, naming what and why."""
    try:
        statements = con.extract_statements(text)
    except duckdb.Error as exc:
        raise QueryError(syntax_message(text, exc)) from exc
    if not statements:
        raise QueryError("refused: the query is empty; type one SELECT statement")
    if len(statements) > 1:
        raise QueryError(
            f"refused: {len(statements)} statements given; the console runs one statement at a "
            "time, so remove the extra ones"
        )
    statement = statements[0]
    kind = statement.type
    if kind in _READ_TYPES:
        return
    if kind == _ST.PRAGMA:
        name = _pragma_name(statement.query)
        if name in ALLOWED_PRAGMAS:
            return
        raise QueryError(
            f"refused: PRAGMA {name or '(with a value)'} is not allowed because it may change "
            f"settings; read-only PRAGMAs are {', '.join(sorted(ALLOWED_PRAGMAS))}"
        )
    keyword = _keyword(statement.query)
    if keyword in {"WITH", "FROM", "SELECT"} or not keyword.isalpha():
        keyword = kind.name.replace("_", " ")
    reason = _REFUSAL_REASONS.get(kind, "the console only runs read-only queries")
    raise QueryError(
        f"refused: {keyword} is not allowed because {reason}; the console only runs one "
        "read-only query (SELECT, WITH, FROM, DESCRIBE, SHOW, SUMMARIZE, EXPLAIN)"
    )


def syntax_message(text: str, exc: BaseException) -> str:
    """A parser error in words, with where it is: line and column (both from 1), and the
    keyword a misspelt word probably meant.

    DuckDB reports the token where parsing failed, which for ``SELECT * FORM users`` is
    ``users`` (``FORM`` reads as an alias); a misspelt keyword just before it is the likelier
    culprit, so that word is named instead.
    """
    head = _first_line(exc)
    detail = head.split(": ", 1)[1] if head.startswith("Parser Error: ") else head
    where = _error_position(text, str(exc))
    near = _NEAR.search(detail)
    if where is None:
        return f"Syntax error: {detail}."
    line, column = where
    if near is None:
        return f"Syntax error: {detail} at line {line}, column {column}."
    token, hint = near.group(1), ""
    words = [(m.start() + 1, m.group()) for m in _WORD.finditer(_line_of(text, line))]
    here = [w for w in words if w[0] == column]
    before = [w for w in words if w[0] < column][-1:]
    for start, word in here + before:
        meant = _meant_keyword(word)
        if meant:
            token, column, hint = word, start, f": did you mean {meant}?"
            break
    return f"Syntax error near '{token}' at line {line}, column {column}{hint or '.'}"


def _error_position(text: str, message: str) -> tuple[int, int] | None:
    """Line and column of DuckDB's caret (``LINE n: ...`` then ``^``), in the typed text."""
    lines = message.splitlines()
    for i, shown_line in enumerate(lines[:-1]):
        match = _LINE.match(shown_line)
        if not match or "^" not in lines[i + 1]:
            continue
        number, shown = int(match.group(1)), match.group(2)
        caret = lines[i + 1].index("^") - (len(shown_line) - len(shown))
        actual = _line_of(text, number)
        start = 0
        if shown.startswith("..."):  # a long line is shown as a window around the error
            core = shown[3:].removesuffix("...")
            caret -= 3
            found = actual.find(core[:60])
            start = max(found, 0)
        return number, start + caret + 1
    return None


def _line_of(text: str, number: int) -> str:
    lines = text.split("\n")
    return lines[number - 1] if 1 <= number <= len(lines) else ""


def _meant_keyword(word: str) -> str | None:
    """The keyword a misspelt word most likely meant, or None (also for a real keyword)."""
    upper = word.upper()
    if len(upper) < 3 or upper in _KEYWORDS:
        return None
    match = difflib.get_close_matches(upper, _KEYWORDS, n=1, cutoff=0.75)
    return match[0] if match else None


def catalog(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every table of the warehouse with its columns, types and descriptions.

    Returns:
        Columns ``table``, ``column``, ``type`` and ``description`` (empty for tables outside
        the canonical schema); canonical tables first in schema order, then the others by name,
        columns in DDL order.
    """
    frame = con.execute(sql.load("console/catalog")).df()
    described = {
        (table, column): text
        for table, columns in COLUMN_DESCRIPTIONS.items()
        for column, text in columns.items()
    }
    frame["description"] = [
        described.get((t, c), "") for t, c in zip(frame["table"], frame["column"], strict=True)
    ]
    order = {table: i for i, table in enumerate(CANONICAL_TABLES)}
    rank = frame["table"].map(lambda t: order.get(t, len(order)))
    frame = frame.assign(_rank=rank).sort_values(["_rank", "table"], kind="stable")
    return frame.drop(columns="_rank").reset_index(drop=True)


def by_table(catalog_frame: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """A :func:`catalog` frame split into one frame of columns per table, in catalogue order."""
    return {
        str(table): rows.drop(columns="table").reset_index(drop=True)
        for table, rows in catalog_frame.groupby("table", sort=False)
    }


def _fetch_capped(cur: duckdb.DuckDBPyConnection, max_rows: int) -> tuple[pd.DataFrame, bool]:
    """Fetch at most ``max_rows + 1`` rows of the pending result; return them and the overflow."""
    wanted = max_rows + 1
    vectors = max(1, min(64, math.ceil(wanted / _VECTOR_SIZE)))
    chunks: list[pd.DataFrame] = []
    have = 0
    while have < wanted:
        chunk = cur.fetch_df_chunk(vectors)
        if chunk.empty:
            if not chunks:
                chunks.append(chunk)  # keeps the column names of an empty result
            break
        chunks.append(chunk)
        have += len(chunk)
    frame = chunks[0] if len(chunks) == 1 else pd.concat(chunks, ignore_index=True)
    truncated = len(frame) > max_rows
    if truncated:
        frame = frame.iloc[:max_rows].reset_index(drop=True)
    return frame, truncated


def _failure_message(exc: duckdb.Error) -> str:
    """One line saying why DuckDB refused or failed the query."""
    detail = _first_line(exc)
    if isinstance(exc, duckdb.PermissionException):
        return (
            "refused: the console cannot read files, reach the network or load extensions "
            f"({detail})"
        )
    if "configuration has been locked" in detail:
        return f"refused: settings are locked in the console ({detail})"
    if isinstance(exc, duckdb.InterruptException):
        return "the query was interrupted"
    return f"query failed: {detail}"


def _setting(con: duckdb.DuckDBPyConnection, name: str) -> str:
    """The current value of one DuckDB setting, as DuckDB prints it."""
    row = con.execute("SELECT value FROM duckdb_settings() WHERE name = $n", {"n": name}).fetchone()
    return "" if row is None else str(row[0]).lower()


def _check_locked(con: duckdb.DuckDBPyConnection, path: str | os.PathLike[str]) -> None:
    """Make sure an instance locked elsewhere in this process is locked the way we need."""
    wrong = [name for name, value in _LOCK_SETTINGS if _setting(con, name) != value]
    if wrong:
        con.close()
        raise SchemaError(
            f"{path} is already open in this process with a locked configuration that allows "
            f"{', '.join(wrong)}; close that connection first"
        )


def _first_line(exc: BaseException) -> str:
    """The first non-empty line of an error message (DuckDB appends a caret diagram)."""
    lines = [line.strip() for line in str(exc).splitlines() if line.strip()]
    return lines[0] if lines else type(exc).__name__


def _keyword(query: str) -> str:
    """The statement's leading keyword, upper-cased, for messages (``COPY``, ``ATTACH``)."""
    words = _strip_comments(query).split(None, 1)
    return words[0].upper().rstrip(";") if words else "this statement"


def _pragma_name(query: str) -> str:
    """The name of a ``PRAGMA name`` or ``PRAGMA name(args)`` statement, lower-cased, else ''."""
    match = _PRAGMA_CALL.match(_strip_comments(query))
    return match.group(1).lower() if match else ""


def _strip_comments(query: str) -> str:
    """Drop leading ``--`` comment lines and whitespace."""
    lines = [line for line in query.strip().splitlines() if not line.lstrip().startswith("--")]
    return "\n".join(lines).strip()


def _sql_literal(value: str) -> str:
    """Escape a value for a single-quoted SQL string (only for our own settings)."""
    return value.replace("'", "''")
