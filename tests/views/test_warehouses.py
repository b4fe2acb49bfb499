"""The warehouses of a folder: names, sizes, last build, datasets; names for new ones."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

import duckdb
import pytest

from recsys import warehouse
from recsys.errors import DataError
from recsys.views.warehouses import (
    describe,
    fmt_size,
    free_name,
    list_warehouses,
    name_for,
    path_for,
    valid_name,
)


@pytest.fixture
def folder(tiny_warehouse: Path, tmp_path: Path) -> Path:
    """demo (the tiny demo, built once), empty (no dataset), other (not a warehouse), notes
    (not a database), newer (a later schema version), and files that are no warehouses: a
    writer's hidden copy, a model file, a sub-folder."""
    root = tmp_path / "data"
    root.mkdir()
    shutil.copy2(tiny_warehouse, root / "demo.duckdb")
    with warehouse.building(root / "demo.duckdb", changes_content=False) as con:
        con.execute("CREATE TABLE runs (run_id VARCHAR, created_at TIMESTAMP)")
        con.execute(
            "INSERT INTO runs VALUES ('a', TIMESTAMP '2026-03-01 10:00'), "
            "('b', TIMESTAMP '2026-03-02 09:30')"
        )
    with warehouse.building(root / "empty.duckdb", fresh=True):
        pass
    duckdb.connect(str(root / "other.duckdb")).execute("CREATE TABLE t (x INT)").close()
    (root / "notes.duckdb").write_text("not a database")
    with warehouse.building(root / "newer.duckdb", fresh=True) as con:
        con.execute("UPDATE meta SET value = '999' WHERE key = 'schema_version'")
    (root / ".demo.duckdb.123.abcd.tmp").write_bytes(b"half written")
    (root / "README.md").write_text("warehouses live here")
    (root / "models").mkdir()
    return root


def test_every_warehouse_of_the_folder_is_listed_by_name(folder: Path) -> None:
    listed = list_warehouses(folder)

    assert [w.name for w in listed] == ["demo", "empty", "newer", "notes", "other"]
    demo, empty, newer, notes, other = listed
    assert demo.size_bytes == (folder / "demo.duckdb").stat().st_size
    assert demo.datasets == ("synthetic-tiny",) and demo.synthetic
    assert demo.last_build == datetime(2026, 3, 2, 9, 30)
    assert demo.problem is None
    assert (empty.datasets, empty.synthetic, empty.last_build) == ((), False, None)
    assert other.problem == "not a Soundcheck warehouse"
    assert notes.problem == "not a readable DuckDB file"
    assert newer.problem == "schema version 999, which this Soundcheck cannot read"


def test_a_warehouse_is_described_in_one_line(folder: Path) -> None:
    demo, empty, _, _, other = list_warehouses(folder)

    size = fmt_size(demo.size_bytes)
    assert describe(demo) == f"{size}; last build 2026-03-02 09:30 UTC; datasets: synthetic-tiny"
    assert describe(demo, size=False) == "last build 2026-03-02 09:30 UTC; datasets: synthetic-tiny"
    assert describe(empty, size=False) == "no model run; no dataset"
    assert describe(other, size=False) == "not a Soundcheck warehouse"


def test_a_missing_folder_has_no_warehouses(tmp_path: Path) -> None:
    assert list_warehouses(tmp_path / "nowhere") == []


@pytest.mark.parametrize(
    ("dataset", "name"),
    [
        ("my_spotify_data", "my-spotify-data"),
        ("Streaming History (2023)", "streaming-history-2023"),
        ("hetrec2011-lastfm-2k", "hetrec2011-lastfm-2k"),
        ("«»", "imported"),
    ],
)
def test_a_warehouse_name_is_made_from_the_dataset_name(dataset: str, name: str) -> None:
    assert name_for(dataset) == name
    assert valid_name(name)


def test_a_name_in_use_gets_a_number(folder: Path) -> None:
    assert free_name(folder, "fresh") == "fresh"
    assert free_name(folder, "demo") == "demo-2"
    shutil.copy2(folder / "empty.duckdb", folder / "demo-2.duckdb")
    assert free_name(folder, "demo") == "demo-3"


@pytest.mark.parametrize("name", ["../secrets", ".hidden", "a/b", "", "x..y", "/etc/passwd"])
def test_a_name_that_is_a_path_is_refused(folder: Path, name: str) -> None:
    with pytest.raises(DataError, match="cannot name a warehouse"):
        path_for(folder, name)


def test_a_plain_name_is_a_file_in_the_folder(folder: Path) -> None:
    assert path_for(folder, "demo") == folder / "demo.duckdb"
    assert path_for(folder, "demo.duckdb") == folder / "demo.duckdb"


@pytest.mark.parametrize(
    ("size", "text"),
    [(0, "0 bytes"), (2048, "2 KB"), (5 * 2**20, "5.0 MB"), (3 * 2**30 // 2, "1.5 GB")],
)
def test_sizes_are_written_as_people_read_them(size: int, text: str) -> None:
    assert fmt_size(size) == text
