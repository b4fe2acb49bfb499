"""The SQL console: a locked-down read-only connection, one read-only statement, caps and limits."""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from recsys import warehouse
from recsys.errors import QueryError
from recsys.views.console import ConsoleResult, cursor, open_locked, run_query

N_LISTENS = 25_000


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def warehouse_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small hand-built warehouse: 3 users, 4 tracks, 25,000 listens."""
    path = tmp_path_factory.mktemp("console") / "w.duckdb"
    with warehouse.building(path, fresh=True) as con:
        con.execute(
            "INSERT INTO users VALUES (1, 'p1', 'SE', '25-34', NULL, NULL), "
            "(2, 'p2', 'BR', '18-24', 'female', NULL), (3, 'p3', NULL, NULL, NULL, NULL)"
        )
        con.execute("INSERT INTO artists VALUES (10, 'Robyn', 'SE', 'female', 1995)")
        con.execute(
            "INSERT INTO tracks SELECT 100 + i, 10, 'track ' || i, NULL, NULL, 200000 "
            "FROM range(4) r(i)"
        )
        con.execute(
            "INSERT INTO listens (user_id, track_id, ts, ms_played, skipped, source) "
            "SELECT 1 + i % 3, 100 + i % 4, "
            "TIMESTAMP '2026-01-01' + to_seconds(i * 60), 180000, false, 'synthetic' "
            f"FROM range({N_LISTENS}) r(i)"
        )
    return path


@pytest.fixture(scope="module")
def locked(warehouse_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    """The locked connection, shared by the tests of this module like the dashboard shares it."""
    con = open_locked(warehouse_path, memory_limit="512MB", threads=2)
    yield con
    con.close()


def test_a_select_with_a_bound_parameter_works(locked: duckdb.DuckDBPyConnection) -> None:
    result = run_query(
        locked,
        "SELECT user_id, count(*) AS plays FROM listens WHERE user_id = $user GROUP BY user_id",
        params={"user": 2},
    )
    assert isinstance(result, ConsoleResult)
    assert result.frame.to_dict("records") == [{"user_id": 2, "plays": N_LISTENS // 3}]
    assert not result.truncated
    assert 0 <= result.elapsed_s < 10


def test_positional_parameters_and_trailing_semicolon(locked: duckdb.DuckDBPyConnection) -> None:
    result = run_query(locked, "SELECT name FROM artists WHERE artist_id = ?;", params=[10])
    assert result.frame["name"].tolist() == ["Robyn"]


@pytest.mark.parametrize(
    "text",
    [
        "WITH p AS (SELECT * FROM listens) SELECT count(*) FROM p",
        "FROM users SELECT country",
        "DESCRIBE listens",
        "SHOW TABLES",
        "SUMMARIZE users",
        "VALUES (1, 'a')",
        "EXPLAIN SELECT * FROM listens",
        "PRAGMA table_info('users')",
        "-- a comment first\nSELECT 1 AS one",
    ],
)
def test_read_only_forms_are_allowed(locked: duckdb.DuckDBPyConnection, text: str) -> None:
    assert len(run_query(locked, text).frame) >= 1


def test_row_cap_reports_truncation(locked: duckdb.DuckDBPyConnection) -> None:
    result = run_query(locked, "SELECT * FROM listens", max_rows=10_000)
    assert result.truncated
    assert len(result.frame) == 10_000
    assert list(result.frame.columns) == [
        "user_id",
        "track_id",
        "ts",
        "ms_played",
        "skipped",
        "source",
        "dataset_id",
    ]

    exact = run_query(locked, "SELECT * FROM range(10) r(i)", max_rows=10)
    assert not exact.truncated
    assert exact.frame["i"].tolist() == list(range(10))


def test_row_cap_does_not_materialise_a_huge_result(locked: duckdb.DuckDBPyConnection) -> None:
    result = run_query(locked, "SELECT * FROM range(10_000_000_000) r(i)", max_rows=5, timeout_s=5)
    assert result.truncated
    assert result.frame["i"].tolist() == [0, 1, 2, 3, 4]
    assert result.elapsed_s < 2


def test_an_empty_result_keeps_its_columns(locked: duckdb.DuckDBPyConnection) -> None:
    result = run_query(locked, "SELECT user_id, country FROM users WHERE false")
    assert result.frame.empty
    assert list(result.frame.columns) == ["user_id", "country"]
    assert not result.truncated


REFUSED = {
    "copy_to": ("COPY listens TO '/tmp/soundcheck-leak.csv'", "COPY"),
    "copy_from": ("COPY users FROM '/etc/passwd'", "COPY"),
    "attach": ("ATTACH '/tmp/other.duckdb' AS other", "ATTACH"),
    "detach": ("DETACH w", "DETACH"),
    "install": ("INSTALL httpfs", "INSTALL"),
    "load": ("LOAD httpfs", "LOAD"),
    "set": ("SET threads = 1", "SET"),
    "set_external": ("SET enable_external_access = true", "SET"),
    "reset": ("RESET lock_configuration", "RESET"),
    "pragma_assign": ("PRAGMA threads = 1", "PRAGMA"),
    "pragma_profiling": ("PRAGMA enable_profiling", "PRAGMA enable_profiling"),
    "pragma_optimizer": ("PRAGMA disable_optimizer", "PRAGMA disable_optimizer"),
    "read_csv": ("SELECT * FROM read_csv('/etc/passwd')", "cannot read files"),
    "read_text": ("SELECT content FROM read_text('/etc/passwd')", "cannot read files"),
    "glob": ("SELECT * FROM glob('/etc/*')", "cannot read files"),
    "replacement_scan": ("SELECT * FROM '/etc/passwd'", "query failed"),
    "http": ("SELECT * FROM read_parquet('https://example.com/x.parquet')", "network"),
    "insert": ("INSERT INTO genres VALUES (99, 'x', NULL)", "INSERT"),
    "cte_insert": ("WITH x AS (SELECT 1) INSERT INTO genres SELECT 99, 'x', NULL", "INSERT"),
    "update": ("UPDATE artists SET name = 'x'", "UPDATE"),
    "delete": ("DELETE FROM listens", "DELETE"),
    "create": ("CREATE TABLE evil AS SELECT 1", "CREATE"),
    "create_temp": ("CREATE TEMP TABLE evil AS SELECT 1", "CREATE"),
    "drop": ("DROP TABLE listens", "DROP"),
    "alter": ("ALTER TABLE users ADD COLUMN x INT", "ALTER"),
    "export": ("EXPORT DATABASE '/tmp/soundcheck-export'", "EXPORT"),
    "checkpoint": ("CHECKPOINT", "CHECKPOINT"),
    "call": ("CALL pragma_version()", "CALL"),
    "begin": ("BEGIN TRANSACTION", "BEGIN"),
    "two_statements": ("SELECT 1; SELECT 2", "2 statements"),
    "select_then_drop": ("SELECT 1; DROP TABLE listens", "2 statements"),
    "empty": ("  -- nothing here\n", "empty"),
    "syntax": ("SELEC 1", "Syntax error near 'SELEC'"),
}


@pytest.mark.parametrize(("text", "says"), REFUSED.values(), ids=REFUSED.keys())
def test_refused_with_a_clear_one_line_message(
    locked: duckdb.DuckDBPyConnection, text: str, says: str
) -> None:
    with pytest.raises(QueryError) as caught:
        run_query(locked, text)
    message = str(caught.value)
    assert says in message
    assert "\n" not in message
    assert message.startswith(("refused:", "query failed:", "Syntax error"))


def test_a_query_over_the_time_limit_is_stopped(locked: duckdb.DuckDBPyConnection) -> None:
    start = time.perf_counter()
    with pytest.raises(QueryError, match=r"longer than the 0\.5 s time limit"):
        run_query(locked, "SELECT sum(hash(i)) FROM range(100_000_000_000) r(i)", timeout_s=0.5)
    assert time.perf_counter() - start < 5
    # the connection is still usable afterwards
    assert run_query(locked, "SELECT 42 AS x").frame["x"].tolist() == [42]


def test_the_time_limit_stops_only_its_own_query(locked: duckdb.DuckDBPyConnection) -> None:
    results: list[int] = []

    def other() -> None:
        frame = run_query(cursor(locked), "SELECT count(*) AS n FROM listens").frame
        results.append(int(frame["n"].iloc[0]))

    thread = threading.Thread(target=other)
    with pytest.raises(QueryError):
        thread.start()
        run_query(locked, "SELECT sum(hash(i)) FROM range(100_000_000_000) r(i)", timeout_s=0.3)
    thread.join(timeout=10)
    assert results == [N_LISTENS]


def test_the_lockdown_covers_every_cursor(locked: duckdb.DuckDBPyConnection) -> None:
    cur = cursor(locked)
    assert cur.execute("SELECT count(*) FROM users").fetchall() == [(3,)]
    with pytest.raises(duckdb.Error, match="locked"):
        cur.execute("SET enable_external_access = true")
    with pytest.raises(duckdb.PermissionException):
        cur.execute("SELECT * FROM read_text('/etc/passwd')")
    settings = dict(
        cur.execute(
            "SELECT name, value FROM duckdb_settings() WHERE name IN ('enable_external_access', "
            "'autoinstall_known_extensions', 'autoload_known_extensions', 'lock_configuration', "
            "'threads')"
        ).fetchall()
    )
    assert settings == {
        "enable_external_access": "false",
        "autoinstall_known_extensions": "false",
        "autoload_known_extensions": "false",
        "lock_configuration": "true",
        "threads": "2",
    }
    row = cur.execute(
        "SELECT readonly FROM duckdb_databases() WHERE database_name = current_database()"
    ).fetchone()
    assert row == (True,)


def test_opening_twice_in_one_process_shares_the_locked_instance(
    locked: duckdb.DuckDBPyConnection, warehouse_path: Path
) -> None:
    again = open_locked(warehouse_path)
    try:
        assert run_query(again, "SELECT count(*) AS n FROM users").frame["n"].tolist() == [3]
        with pytest.raises(QueryError, match="cannot read files"):
            run_query(again, "SELECT * FROM read_csv('/etc/passwd')")
    finally:
        again.close()
    # closing the second connection leaves the first one working
    assert run_query(locked, "SELECT 1 AS x").frame["x"].tolist() == [1]


def test_cursors_per_thread_run_parameterised_selects(locked: duckdb.DuckDBPyConnection) -> None:
    counts: dict[int, int] = {}

    def work(user: int) -> None:
        cur = cursor(locked)
        row = cur.execute("SELECT count(*) FROM listens WHERE user_id = $u", {"u": user}).fetchone()
        counts[user] = int(row[0]) if row else -1

    threads = [threading.Thread(target=work, args=(u,)) for u in (1, 2, 3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(counts.values()) == N_LISTENS


def test_bad_arguments_are_rejected(locked: duckdb.DuckDBPyConnection) -> None:
    with pytest.raises(ValueError, match="max_rows"):
        run_query(locked, "SELECT 1", max_rows=0)
    with pytest.raises(ValueError, match="timeout_s"):
        run_query(locked, "SELECT 1", timeout_s=0)
    with pytest.raises(QueryError, match="query failed"):
        run_query(locked, "SELECT $missing")


def test_the_warehouse_file_is_byte_identical_after_every_refusal(tmp_path: Path) -> None:
    path = tmp_path / "guarded.duckdb"
    with warehouse.building(path, fresh=True) as con:
        con.execute("INSERT INTO genres VALUES (1, 'rock', NULL)")
    before = _digest(path)
    con = open_locked(path)
    try:
        for text, _ in REFUSED.values():
            with pytest.raises(QueryError):
                run_query(con, text)
        with pytest.raises(QueryError):
            run_query(con, "SELECT sum(hash(i)) FROM range(100_000_000_000) r(i)", timeout_s=0.2)
        assert run_query(con, "SELECT name FROM genres").frame["name"].tolist() == ["rock"]
    finally:
        con.close()
    assert _digest(path) == before
    assert not Path("/tmp/soundcheck-leak.csv").exists()
    assert not Path("/tmp/soundcheck-export").exists()


def test_run_query_also_accepts_a_bare_cursor(locked: duckdb.DuckDBPyConnection) -> None:
    with locked.cursor() as bare:
        assert run_query(bare, "SELECT count(*) AS n FROM users").frame["n"].tolist() == [3]


_LONG_LINE = (
    "SELECT "
    + ", ".join(f"col_{i}" for i in range(60))
    + " FORM users WHERE x = 1 AND "
    + " AND ".join(f"c{i} = 1" for i in range(30))
)
"""A line DuckDB shows only a window of in its error message."""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "SELECT * FORM users",
            "Syntax error near 'FORM' at line 1, column 10: did you mean FROM?",
        ),
        ("SELEC 1", "Syntax error near 'SELEC' at line 1, column 1: did you mean SELECT?"),
        ("SELECT a,\n  b\nFROM t WHERE x = = 1", "Syntax error near '=' at line 3, column 18."),
        (
            "SELECT 1\n\n\n  FROM t WHER x = 1",
            "Syntax error near 'WHER' at line 4, column 10: did you mean WHERE?",
        ),
        (
            "SELECT * FROM users WHERE country = 'it's'",
            "Syntax error: unterminated string literal at line 1, column 42.",
        ),
        (
            _LONG_LINE,
            f"Syntax error near 'FORM' at line 1, column {_LONG_LINE.index('FORM') + 1}: "
            "did you mean FROM?",
        ),
    ],
    ids=["misspelt-from", "misspelt-select", "third-line", "misspelt-where", "quote", "long-line"],
)
def test_a_syntax_error_says_where_in_words(
    locked: duckdb.DuckDBPyConnection, text: str, message: str
) -> None:
    with pytest.raises(QueryError) as caught:
        run_query(locked, text)
    assert str(caught.value) == message


def test_catalog_lists_every_table_canonical_first_with_columns_in_order(
    locked: duckdb.DuckDBPyConnection,
) -> None:
    from recsys.schema import CANONICAL_TABLES
    from recsys.views.console import catalog

    tables = catalog(locked)
    assert list(tables.columns) == ["table", "column", "type", "description"]
    order = list(dict.fromkeys(tables["table"]))
    assert order[: len(CANONICAL_TABLES)] == list(CANONICAL_TABLES)
    assert order[len(CANONICAL_TABLES) :] == sorted(order[len(CANONICAL_TABLES) :])
    assert "meta" in order  # tables outside the canonical schema are listed too
    listens = tables[tables["table"] == "listens"]
    assert listens["column"].tolist() == list(CANONICAL_TABLES["listens"])
    assert listens.set_index("column").loc["ts", "type"] == "TIMESTAMP"
    assert listens.set_index("column").loc["ts", "description"] == "When the play started, in UTC."
