"""The warehouse: schema, data version, read-only opening and atomic, all-or-nothing builds."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import duckdb
import pytest

from recsys import warehouse
from recsys.errors import SchemaError, WarehouseNotFoundError
from recsys.schema import CANONICAL_TABLES, SCHEMA_VERSION
from recsys.views import browse


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_new_warehouse_has_every_canonical_table_with_its_columns(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    with warehouse.building(path, fresh=True):
        pass
    con = warehouse.open_readonly(path)
    for table, columns in CANONICAL_TABLES.items():
        got = tuple(r[0] for r in con.execute(f"DESCRIBE {table}").fetchall())
        assert got == columns, table
    assert warehouse.get_meta(con, "schema_version") == str(SCHEMA_VERSION)
    assert len(warehouse.get_meta(con, "salt") or "") == 32


def test_failed_build_leaves_the_warehouse_byte_for_byte_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    with warehouse.building(path, fresh=True) as con:
        con.execute("INSERT INTO genres VALUES (1, 'rock', NULL)")
    before = _digest(path)
    with pytest.raises(RuntimeError), warehouse.building(path) as con:
        con.execute("INSERT INTO genres VALUES (2, 'jazz', NULL)")
        raise RuntimeError("crash mid-build")
    assert _digest(path) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w.duckdb"]  # no temp files left


def test_each_build_changes_the_data_version_and_keeps_the_salt(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    with warehouse.building(path, fresh=True):
        pass
    con = warehouse.open_readonly(path)
    v1, salt1 = warehouse.data_version(con), warehouse.get_meta(con, "salt")
    con.close()
    with warehouse.building(path) as con:
        con.execute("INSERT INTO genres VALUES (1, 'rock', NULL)")
    con = warehouse.open_readonly(path)
    assert warehouse.data_version(con) != v1
    assert warehouse.get_meta(con, "salt") == salt1
    assert warehouse.row_counts(con, ("genres",)) == {"genres": 1}


def test_a_reader_keeps_its_snapshot_while_a_build_swaps_the_file(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    with warehouse.building(path, fresh=True):
        pass
    reader = warehouse.open_readonly(path)
    with warehouse.building(path) as con:
        con.execute("INSERT INTO genres VALUES (1, 'rock', NULL)")
    assert warehouse.row_counts(reader, ("genres",)) == {"genres": 0}
    assert warehouse.row_counts(warehouse.open_readonly(path), ("genres",)) == {"genres": 1}


def test_missing_warehouse_is_reported_with_its_path(tmp_path: Path) -> None:
    with pytest.raises(WarehouseNotFoundError, match=r"no warehouse at .*nope\.duckdb"):
        warehouse.open_readonly(tmp_path / "nope.duckdb")


def test_a_foreign_duckdb_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.duckdb"
    duckdb.connect(str(path)).execute("CREATE TABLE t (x INT)").close()
    with pytest.raises(SchemaError, match="not a Soundcheck warehouse"):
        warehouse.open_readonly(path)


def test_a_text_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "notes.duckdb"
    path.write_text("hello")
    with pytest.raises(SchemaError, match="not a readable DuckDB database"):
        warehouse.open_readonly(path)


def test_another_schema_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    with warehouse.building(path, fresh=True) as con:
        con.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    with pytest.raises(SchemaError, match="schema version"):
        warehouse.open_readonly(path)


def test_row_counts_refuses_names_outside_the_schema(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    with warehouse.building(path, fresh=True):
        pass
    with pytest.raises(ValueError, match="not a canonical table"):
        warehouse.row_counts(warehouse.open_readonly(path), ("users; DROP TABLE users",))


def test_a_model_build_keeps_the_content_version_and_a_data_change_moves_it(
    tmp_path: Path,
) -> None:
    path = tmp_path / "w.duckdb"
    with warehouse.building(path, fresh=True) as con:
        con.execute("INSERT INTO users VALUES (1, 'p', NULL, NULL, NULL, NULL)")
    con = warehouse.open_readonly(path)
    first, data_first = warehouse.content_version(con), warehouse.data_version(con)
    con.close()
    with warehouse.building(path, changes_content=False) as con:  # what a build does
        con.execute("CREATE TABLE derived AS SELECT 1 AS x")
    con = warehouse.open_readonly(path)
    assert warehouse.content_version(con) == first
    assert warehouse.data_version(con) != data_first  # caches still see the new table
    data_second = warehouse.data_version(con)
    con.close()
    with warehouse.building(path) as con:  # an import or a generation
        con.execute("DELETE FROM users")
    con = warehouse.open_readonly(path)
    try:
        assert warehouse.content_version(con) not in (first, data_second)
        assert warehouse.content_version(con) == warehouse.data_version(con)
    finally:
        con.close()


def _as_version_1(path: Path) -> None:
    """Turn a warehouse into one written before datasets were tracked (schema version 1)."""
    con = duckdb.connect(str(path))
    try:
        for table in ("listens", "play_counts", "friends", "datasets"):
            con.execute(f"ALTER TABLE {table} DROP COLUMN dataset_id")
        con.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
        con.execute("CHECKPOINT")
    finally:
        con.close()


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> tuple[str, ...]:
    return tuple(r[0] for r in con.execute(f"DESCRIBE {table}").fetchall())


def test_a_version_1_warehouse_is_read_as_it_is(writable_warehouse: Path) -> None:
    _as_version_1(writable_warehouse)
    before = _digest(writable_warehouse)

    con = warehouse.open_readonly(writable_warehouse)
    try:
        assert warehouse.schema_version(con) == 1
        assert "dataset_id" not in _columns(con, "listens")
        assert warehouse.row_counts(con, ("listens",)) == {"listens": 20072}
        page = browse.browse(con, "listens", limit=5)
        assert tuple(page.frame.columns) == CANONICAL_TABLES["listens"][:-1]  # no dataset_id
        assert page.total == 20072
    finally:
        con.close()
    assert _digest(writable_warehouse) == before  # reading never upgrades


def test_the_next_write_upgrades_a_version_1_warehouse_and_ties_rows_to_their_dataset(
    writable_warehouse: Path,
) -> None:
    _as_version_1(writable_warehouse)

    with warehouse.building(writable_warehouse, changes_content=False):
        pass

    con = warehouse.open_readonly(writable_warehouse)
    try:
        assert warehouse.schema_version(con) == SCHEMA_VERSION == 2
        for table, columns in CANONICAL_TABLES.items():
            assert _columns(con, table) == columns, table
        assert con.execute("SELECT dataset_id, name FROM datasets").fetchall() == [
            (1, "synthetic-tiny")
        ]
        # one dataset: every row is its own
        for table in ("listens", "friends"):
            assert con.execute(
                f"SELECT dataset_id, count(*) FROM {table} GROUP BY ALL"
            ).fetchall() == [(1, warehouse.row_counts(con, (table,))[table])]
    finally:
        con.close()


def test_an_upgrade_ties_only_what_is_certain_in_a_mixed_warehouse(
    writable_warehouse: Path,
) -> None:
    """Synthetic plays and friendships go to the demo; an import's rows stay untracked."""
    with warehouse.building(writable_warehouse) as con:
        con.execute("INSERT INTO users VALUES (9001, 'real', NULL, NULL, NULL, NULL)")
        con.execute(
            "INSERT INTO listens BY NAME SELECT 9001 AS user_id, 1 AS track_id, "
            "TIMESTAMP '2024-01-01' AS ts, 'spotify' AS source"
        )
        con.execute("INSERT INTO friends BY NAME SELECT 9001 AS user_id, 1 AS friend_id")
        con.execute(
            "INSERT INTO datasets BY NAME SELECT 'export' AS name, 'track' AS grain, "
            "TIMESTAMP '2030-01-01' AS imported_at, 'spotify' AS source_format"
        )
    _as_version_1(writable_warehouse)

    with warehouse.building(writable_warehouse, changes_content=False):
        pass

    con = warehouse.open_readonly(writable_warehouse)
    try:
        assert con.execute(
            "SELECT dataset_id, name FROM datasets ORDER BY dataset_id"
        ).fetchall() == [(1, "synthetic-tiny"), (2, "export")]
        assert con.execute(
            "SELECT dataset_id, count(*) FROM listens GROUP BY ALL ORDER BY ALL"
        ).fetchall() == [(1, 20072), (None, 1)]
        assert con.execute(
            "SELECT dataset_id, count(*) FROM friends GROUP BY ALL ORDER BY ALL"
        ).fetchall() == [(1, 676), (None, 1)]
    finally:
        con.close()


def test_a_newer_schema_version_is_not_written_to(tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    with warehouse.building(path, fresh=True) as con:
        con.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    before = _digest(path)
    with pytest.raises(SchemaError, match="schema version 999"), warehouse.building(path):
        pass
    assert _digest(path) == before


def test_a_compacting_write_keeps_every_table_and_gives_back_deleted_space(
    writable_warehouse: Path,
) -> None:
    def tables(path: Path) -> dict[str, tuple[str, list[tuple]]]:
        con = warehouse.open_readonly(path)
        try:
            names = con.execute(
                "SELECT table_name, sql FROM duckdb_tables() "
                "WHERE database_name = current_database() ORDER BY 1"
            ).fetchall()
            return {
                n: (ddl, con.execute(f'SELECT * FROM "{n}" ORDER BY ALL').fetchall())
                for n, ddl in names
                if n != "meta"
            }
        finally:
            con.close()

    plain = writable_warehouse.with_name("plain.duckdb")
    shutil.copy2(writable_warehouse, plain)
    with warehouse.building(plain) as con:
        con.execute("DELETE FROM listens WHERE user_id >= 20")
    before = tables(writable_warehouse)

    with warehouse.building(writable_warehouse, compact=True) as con:
        con.execute("DELETE FROM listens WHERE user_id >= 20")

    after = tables(writable_warehouse)
    assert after.keys() == before.keys()
    for name, (ddl, rows) in before.items():
        assert after[name][0] == ddl, name
        if name != "listens":
            assert after[name][1] == rows, name
    assert after["listens"][1] == tables(plain)["listens"][1]
    assert writable_warehouse.stat().st_size < plain.stat().st_size
    assert sorted(p.name for p in writable_warehouse.parent.iterdir()) == [
        "copy.duckdb",
        "plain.duckdb",
    ]
