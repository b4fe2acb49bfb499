"""Datasets kept apart: rows tagged with their dataset, real data kept out of the demo unless
asked, and a dataset removed with what only it used, all or nothing."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from iofiles import file_digest, hetrec, query, spotify_export, spotify_record, table_counts

from recsys import warehouse
from recsys.errors import DataError, SchemaError
from recsys.io import (
    MixingError,
    find_dataset,
    import_data,
    list_datasets,
    removal_plan,
    remove_dataset,
    untracked_rows,
)
from recsys.schema import CANONICAL_TABLES, GROUND_TRUTH_TABLES

EXPORT_COUNTS = {
    "listens": 3,
    "play_counts": 0,
    "friends": 0,
    "users": 1,
    "tracks": 3,
    "artists": 2,
    "genres": 0,
}
"""What the Spotify export of iofiles adds on its own (3 songs by 2 artists, one listener)."""


def _snapshot(path: Path, tables: tuple[str, ...]) -> dict[str, list[tuple]]:
    con = warehouse.open_readonly(path)
    try:
        return {t: con.execute(f'SELECT * FROM "{t}" ORDER BY ALL').fetchall() for t in tables}
    finally:
        con.close()


def _plan(path: Path, name_or_id: str | int) -> dict[str, int]:
    con = warehouse.open_readonly(path)
    try:
        return dict(removal_plan(con, name_or_id).deleted)
    finally:
        con.close()


@pytest.fixture
def mixed(writable_warehouse: Path, tmp_path: Path) -> Path:
    """The tiny demo with a Spotify export imported into it anyway."""
    import_data(writable_warehouse, "spotify", spotify_export(tmp_path / "src"), allow_mix=True)
    return writable_warehouse


def test_imports_tag_their_rows_with_their_own_dataset(empty_wh: Path, tmp_path: Path) -> None:
    import_data(empty_wh, "spotify", spotify_export(tmp_path / "a"))
    import_data(empty_wh, "hetrec-lastfm", hetrec(tmp_path / "b"))
    again = import_data(empty_wh, "spotify", spotify_export(tmp_path / "a"))

    assert not again.recorded
    assert query(empty_wh, "SELECT dataset_id, name FROM datasets ORDER BY 1") == [
        (1, "my_spotify_data"),
        (2, "hetrec2011-lastfm-2k"),
    ]
    assert query(empty_wh, "SELECT DISTINCT dataset_id FROM listens") == [(1,)]
    assert query(empty_wh, "SELECT DISTINCT dataset_id FROM play_counts") == [(2,)]
    assert query(empty_wh, "SELECT DISTINCT dataset_id FROM friends") == [(2,)]
    con = warehouse.open_readonly(empty_wh)
    try:
        listing = list_datasets(con)
        assert untracked_rows(con) == {"listens": 0, "play_counts": 0, "friends": 0}
    finally:
        con.close()
    assert listing[["dataset_id", "listens", "play_counts", "friends"]].values.tolist() == [
        [1, 3, 0, 0],
        [2, 0, 3, 2],
    ]


def test_real_data_is_kept_out_of_the_demo_unless_mixing_is_asked_for(
    writable_warehouse: Path, tmp_path: Path
) -> None:
    before = file_digest(writable_warehouse)
    source = spotify_export(tmp_path / "src")

    with pytest.raises(MixingError, match="holds the synthetic demo") as refused:
        import_data(writable_warehouse, "spotify", source)

    assert isinstance(refused.value, DataError)
    assert refused.value.warehouse_path == writable_warehouse
    assert file_digest(writable_warehouse) == before
    summary = import_data(writable_warehouse, "spotify", source, allow_mix=True)
    assert summary.added["listens"] == 3
    assert query(
        writable_warehouse, "SELECT dataset_id, count(*) FROM listens GROUP BY 1 ORDER BY 1"
    ) == [(1, 20072), (2, 3)]


def test_removing_the_import_gives_back_the_demo_exactly(tiny_warehouse: Path, mixed: Path) -> None:
    tables = (*CANONICAL_TABLES, *GROUND_TRUTH_TABLES)
    plan = _plan(mixed, "my_spotify_data")

    removal = remove_dataset(mixed, "my_spotify_data")

    assert dict(removal.deleted) == plan == EXPORT_COUNTS
    assert removal.describe() == "3 plays, 1 listener, 3 tracks, 2 artists"
    assert _snapshot(mixed, tables) == _snapshot(tiny_warehouse, tables)
    assert table_counts(mixed)["item_keys"] == 0


def test_removing_the_demo_leaves_the_import_as_if_it_were_alone(
    mixed: Path, empty_wh: Path, tmp_path: Path
) -> None:
    import_data(empty_wh, "spotify", spotify_export(tmp_path / "alone"))
    plan = _plan(mixed, "synthetic-tiny")
    size = mixed.stat().st_size

    removal = remove_dataset(mixed, 1)

    assert mixed.stat().st_size < size / 2  # the space of the deleted rows is given back

    assert removal.dataset.synthetic
    assert dict(removal.deleted) == plan
    assert plan == {
        "listens": 20072,
        "play_counts": 0,
        "friends": 676,
        "users": 200,
        "tracks": 3000,
        "artists": 300,
        "genres": 80,
    }
    plays = (
        "SELECT a.name, t.title, l.ts, l.ms_played, l.skipped, l.source FROM listens l "
        "JOIN tracks t USING (track_id) JOIN artists a USING (artist_id) ORDER BY ALL"
    )
    assert query(mixed, plays) == query(empty_wh, plays)
    kept, alone = table_counts(mixed), table_counts(empty_wh)
    for table in ("users", "tracks", "artists", "genres", "artist_genres", "item_keys"):
        assert kept[table] == alone[table], table
    assert not set(GROUND_TRUTH_TABLES) & set(kept)  # the planted truth went with the demo
    assert query(mixed, "SELECT count(*) FROM meta WHERE key = 'synthetic_config'") == [(0,)]
    assert query(mixed, "SELECT dataset_id, name FROM datasets") == [(2, "my_spotify_data")]


def test_what_another_dataset_still_uses_stays(empty_wh: Path, tmp_path: Path) -> None:
    import_data(empty_wh, "spotify", spotify_export(tmp_path / "a"))
    later = [spotify_record(ts="2023-07-01T10:00:00Z")]  # Paranoid Android again, same listener
    import_data(empty_wh, "spotify", spotify_export(tmp_path / "b", later))

    with pytest.raises(DataError, match=r"2 datasets are called 'my_spotify_data' \(#1, #2\)"):
        _plan(empty_wh, "my_spotify_data")
    removal = remove_dataset(empty_wh, "#1")

    assert dict(removal.deleted) == {**EXPORT_COUNTS, "users": 0, "tracks": 2, "artists": 1}
    assert query(
        empty_wh,
        "SELECT a.name, t.title, l.dataset_id FROM listens l "
        "JOIN tracks t USING (track_id) JOIN artists a USING (artist_id)",
    ) == [("Radiohead", "Paranoid Android", 2)]
    counts = table_counts(empty_wh)
    assert (counts["users"], counts["tracks"], counts["artists"]) == (1, 1, 1)
    assert counts["item_keys"] == 3  # the artist's name, the track's Spotify id and name


def test_removing_the_last_dataset_empties_the_warehouse(empty_wh: Path, tmp_path: Path) -> None:
    """hetrec names artists nobody played (Diary of Dreams here); with nothing left they go too."""
    counts_file = "userID\tartistID\tweight\n2\t1\t13883\n3\t3\t5\n"
    import_data(empty_wh, "hetrec-lastfm", hetrec(tmp_path / "h", user_artists=counts_file))
    assert query(
        empty_wh,
        "SELECT name FROM artists WHERE artist_id NOT IN (SELECT artist_id FROM play_counts)",
    ) == [("Diary of Dreams",)]

    removal = remove_dataset(empty_wh, "hetrec2011-lastfm-2k")

    assert removal.deleted["play_counts"] == 2 and removal.deleted["friends"] == 2
    assert removal.deleted["artists"] == 3 and removal.deleted["genres"] > 0
    counts = table_counts(empty_wh)
    for table in (*CANONICAL_TABLES, "item_keys"):
        assert counts[table] == 0, table


def test_a_failed_removal_leaves_the_warehouse_byte_for_byte(mixed: Path) -> None:
    before = file_digest(mixed)

    def crash(step: str, fraction: float) -> None:
        if step == "removing artists":
            raise RuntimeError("the machine went down")

    with pytest.raises(RuntimeError, match="went down"):
        remove_dataset(mixed, "synthetic-tiny", progress=crash)

    assert file_digest(mixed) == before
    assert sorted(p.name for p in mixed.parent.iterdir() if p.name.startswith(".")) == []


def test_a_removal_moves_the_content_version(mixed: Path) -> None:
    """Runs built on the removed data say they describe older data."""
    con = warehouse.open_readonly(mixed)
    first = warehouse.content_version(con)
    con.close()

    remove_dataset(mixed, "my_spotify_data")

    con = warehouse.open_readonly(mixed)
    try:
        assert warehouse.content_version(con) != first
    finally:
        con.close()


def test_an_unknown_dataset_is_named_with_the_ones_there_are(mixed: Path) -> None:
    before = file_digest(mixed)
    with pytest.raises(DataError, match=r"no dataset 'nope'.*synthetic-tiny \(synthetic, #1\)"):
        remove_dataset(mixed, "nope")
    assert file_digest(mixed) == before
    con = warehouse.open_readonly(mixed)
    try:
        assert find_dataset(con, "2").name == "my_spotify_data"
    finally:
        con.close()


def test_a_version_1_warehouse_lists_its_datasets_and_must_be_upgraded_to_remove(
    mixed: Path, tmp_path: Path
) -> None:
    con = duckdb.connect(str(mixed))
    for table in ("listens", "play_counts", "friends", "datasets"):
        con.execute(f"ALTER TABLE {table} DROP COLUMN dataset_id")
    con.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    con.close()
    before = file_digest(mixed)

    con = warehouse.open_readonly(mixed)
    try:
        listing = list_datasets(con)
        assert listing[["dataset_id", "name"]].values.tolist() == [
            [1, "synthetic-tiny"],
            [2, "my_spotify_data"],
        ]
        assert listing["listens"].isna().all()
        assert untracked_rows(con)["listens"] == 20075
    finally:
        con.close()
    with pytest.raises(SchemaError, match=r"before datasets were tracked.*any write upgrades it"):
        remove_dataset(mixed, "my_spotify_data")
    assert file_digest(mixed) == before

    upgraded = tmp_path / "upgraded.duckdb"
    shutil.copy2(mixed, upgraded)
    with warehouse.building(upgraded, changes_content=False):
        pass
    # the demo's plays are tied to it on upgrade; the import's stay untracked
    assert remove_dataset(upgraded, "synthetic-tiny").deleted["listens"] == 20072
    assert query(upgraded, "SELECT count(*) FROM listens WHERE dataset_id IS NULL") == [(3,)]
