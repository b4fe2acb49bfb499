"""Private fields never reach the warehouse; importing the same data twice adds nothing."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from iofiles import (
    CSV_COLUMNS,
    PRIVATE,
    hetrec,
    lastfm_1k,
    listenbrainz_export,
    plays_csv,
    query,
    spotify_basic,
    spotify_export,
    table_counts,
)

from recsys import warehouse
from recsys.io import CsvMapping, import_data

SOURCES: dict[str, tuple[str, Callable[[Path], Path]]] = {
    "spotify extended": ("spotify", spotify_export),
    "spotify basic": ("spotify", spotify_basic),
    "lastfm-1k": ("lastfm-1k", lastfm_1k),
    "hetrec": ("hetrec-lastfm", hetrec),
    "listenbrainz": ("listenbrainz", listenbrainz_export),
    "csv": ("csv", plays_csv),
}


def _import(wh: Path, name: str, root: Path):
    fmt, write = SOURCES[name]
    mapping = CsvMapping(CSV_COLUMNS) if fmt == "csv" else None
    return import_data(wh, fmt, write(root), mapping=mapping)


def _text_values(path: Path) -> list[str]:
    """Every text value of every table of the warehouse."""
    con = warehouse.open_readonly(path)
    try:
        columns = con.execute(
            "SELECT table_name, column_name FROM duckdb_columns() "
            "WHERE database_name = current_database() AND data_type IN ('VARCHAR', 'JSON')"
        ).fetchall()
        values: list[str] = []
        for table, column in columns:
            rows = con.execute(f'SELECT "{column}" FROM "{table}" WHERE "{column}" IS NOT NULL')
            values += [str(v) for (v,) in rows.fetchall()]
        return values
    finally:
        con.close()


def test_no_private_value_reaches_the_warehouse(empty_wh: Path, tmp_path: Path) -> None:
    for i, name in enumerate(SOURCES):
        _import(empty_wh, name, tmp_path / str(i))

    values = _text_values(empty_wh)
    raw = empty_wh.read_bytes()
    assert len(values) > 50
    for label, secret in PRIVATE.items():
        assert not [v for v in values if secret.lower() in v.lower()], label
        assert secret.encode() not in raw, label
    # the user names that are in the data are there only as 64-hex-digit pseudonyms
    pseudonyms = [p for (p,) in query(empty_wh, "SELECT pseudonym FROM users")]
    assert all(len(p) == 64 and int(p, 16) >= 0 for p in pseudonyms)


def test_pseudonyms_differ_between_warehouses(tmp_path: Path) -> None:
    a, b = tmp_path / "a.duckdb", tmp_path / "b.duckdb"
    _import(a, "lastfm-1k", tmp_path / "1")
    _import(b, "lastfm-1k", tmp_path / "2")

    assert set(query(a, "SELECT pseudonym FROM users")).isdisjoint(
        query(b, "SELECT pseudonym FROM users")
    )


@pytest.mark.parametrize("name", SOURCES)
def test_importing_twice_adds_nothing(name: str, empty_wh: Path, tmp_path: Path) -> None:
    first = _import(empty_wh, name, tmp_path / "first")
    after_first = table_counts(empty_wh)
    again = _import(empty_wh, name, tmp_path / "again")

    assert table_counts(empty_wh) == after_first
    assert sum(first.added.values()) > 0
    assert set(again.added.values()) == {0}
    assert first.recorded and not again.recorded
    assert again.content_hash == first.content_hash
    kept_before = {f.name: f.kept for f in first.files}
    for f in again.files:
        if f.role in ("plays", "play counts"):
            assert f.kept == 0
            assert f.dropped.get("already imported", 0) == kept_before[f.name]


def test_sources_share_artists_and_tracks_by_name(empty_wh: Path, tmp_path: Path) -> None:
    _import(empty_wh, "spotify extended", tmp_path / "s")
    lb = _import(empty_wh, "listenbrainz", tmp_path / "l")

    # Radiohead and Björk come from Spotify by name; ListenBrainz knows Radiohead by MBID and
    # Björk by name: both join the existing artists, only Red Hot Chili Peppers is new
    assert lb.added["artists"] == 1
    assert query(empty_wh, "SELECT count(DISTINCT name) = count(*) FROM artists") == [(True,)]
    jóga = query(empty_wh, "SELECT count(*) FROM tracks WHERE title = 'Jóga'")
    assert jóga == [(1,)]
