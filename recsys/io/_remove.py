"""Remove one dataset from a warehouse, all or nothing.

A dataset's plays, play counts and friendships carry its ``dataset_id``; removing it deletes
them, then what only they used (listeners, tracks, artists with their genre tags and source
keys, genres no remaining artist is tagged with), then its ``datasets`` row. Removing the
synthetic demo also drops the truth the generator planted (``ground_truth_*``). The work runs in
:func:`recsys.warehouse.building`: on any failure the warehouse stays byte for byte as it was.
Runs built before the removal describe older data from then on (the content version moves).
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Final

import duckdb
import pandas as pd

from recsys import sql, warehouse
from recsys.errors import SchemaError
from recsys.io._datasets import DATA_TABLES, Dataset, find_dataset
from recsys.io._report import ProgressFn
from recsys.schema import CANONICAL_TABLES, GROUND_TRUTH_TABLES

__all__ = ["REMOVED_KINDS", "Removal", "removal_plan", "remove_dataset"]

log = logging.getLogger(__name__)

REMOVED_KINDS: Final = (
    ("listens", "play", "plays"),
    ("play_counts", "play count", "play counts"),
    ("friends", "friendship", "friendships"),
    ("users", "listener", "listeners"),
    ("tracks", "track", "tracks"),
    ("artists", "artist", "artists"),
    ("genres", "genre", "genres"),
)
"""What a removal deletes, by table, with the words a person reads (one, several)."""

_DOOMED_TABLE: Final = {"user": "users", "track": "tracks", "artist": "artists", "genre": "genres"}

_DATA_STEPS: Final = (
    ("removing plays", "listens", "datasets/delete_listens"),
    ("removing play counts", "play_counts", "datasets/delete_play_counts"),
    ("removing friendships", "friends", "datasets/delete_friends"),
)
"""(progress step, table, statement deleting the dataset's rows of that table), in order."""

_ORPHAN_STEPS: Final = (
    ("removing tracks", "track", "datasets/delete_tracks", ("track_id",)),
    ("removing artists", "artist", "datasets/delete_artists", ("artist_id",)),
    ("removing genres", "genre", "datasets/delete_genres", ("genre_id",)),
    ("removing listeners", "user", "datasets/delete_users", ("user_id", "friend_id")),
)
"""(progress step, kind in ``rm_doomed``, statement deleting them from their own table, columns
that point at them elsewhere), in an order where nothing is deleted before what points at it."""


def _references(owner: str, columns: tuple[str, ...]) -> list[tuple[str, str]]:
    """(table, column) of every canonical table but ``owner`` and the data tables (whose rows
    of the dataset are already gone) with a column in ``columns``: the tags and attributes of
    an artist, say, go with the artist."""
    return [
        (table, column)
        for table, names in CANONICAL_TABLES.items()
        if table != owner and table not in DATA_TABLES
        for column in names
        if column in columns
    ]


@dataclass(frozen=True)
class Removal:
    """What removing a dataset deletes (a plan) or deleted (the result).

    Attributes:
        dataset: the dataset.
        deleted: rows per table (``listens``, ``play_counts``, ``friends``, ``users``,
            ``tracks``, ``artists``, ``genres``).
    """

    dataset: Dataset
    deleted: MappingProxyType[str, int]

    @property
    def total(self) -> int:
        """Rows deleted from all those tables together."""
        return sum(self.deleted.values())

    def describe(self) -> str:
        """The counts in words: ``1,234 plays, 12 friendships, 5 listeners, …`` (zeros left out)."""
        parts = [
            f"{n:,} {one if n == 1 else several}"
            for t, one, several in REMOVED_KINDS
            if (n := self.deleted[t])
        ]
        return ", ".join(parts) or "no rows"

    def frame(self) -> pd.DataFrame:
        """One row per table: ``what, table, rows``."""
        return pd.DataFrame(
            [(several, t, self.deleted[t]) for t, _, several in REMOVED_KINDS],
            columns=["what", "table", "rows"],
        )


def _doomed(con: duckdb.DuckDBPyConnection, dataset_id: int) -> pd.DataFrame:
    """``kind, id`` of every listener, track, artist and genre only this dataset used."""
    return con.execute(sql.load("datasets/doomed"), {"dataset_id": dataset_id}).df()


def _require_tracking(con: duckdb.DuckDBPyConnection, where: str) -> None:
    if warehouse.schema_version(con) == 1:
        raise SchemaError(
            f"{where} was written before datasets were tracked, so its rows do not say which "
            "dataset brought them; any write upgrades it (import data or build a model), "
            "then the dataset can be removed"
        )


def removal_plan(con: duckdb.DuckDBPyConnection, name_or_id: str | int) -> Removal:
    """What :func:`remove_dataset` would delete, without changing anything.

    Args:
        con: a connection to the warehouse (read-only is enough).
        name_or_id: the dataset's number or exact name.

    Raises:
        DataError: no such dataset, or the name is ambiguous.
        SchemaError: the warehouse is of schema version 1 (upgraded by any write).
    """
    _require_tracking(con, "this warehouse")
    dataset = find_dataset(con, name_or_id)
    return Removal(dataset, MappingProxyType(_counts(con, dataset.dataset_id)))


def _counts(con: duckdb.DuckDBPyConnection, dataset_id: int) -> dict[str, int]:
    rows = con.execute(sql.load("datasets/rows"), {"dataset_id": dataset_id}).fetchall()
    counts = dict(zip(("listens", "play_counts", "friends"), map(int, rows[0]), strict=True))
    per_kind = _doomed(con, dataset_id)["kind"].value_counts()
    for kind, table in _DOOMED_TABLE.items():
        counts[table] = int(per_kind.get(kind, 0))
    return counts


def _deleted(con: duckdb.DuckDBPyConnection, statement: str, params: dict[str, int]) -> int:
    """Run a DELETE and return how many rows it deleted."""
    rows = con.execute(statement, params).fetchall()
    return int(rows[0][0]) if rows else 0


def remove_dataset(
    warehouse_path: str | os.PathLike[str],
    name_or_id: str | int,
    *,
    progress: ProgressFn | None = None,
) -> Removal:
    """Remove a dataset and what only it used from the warehouse, all or nothing.

    Args:
        warehouse_path: the warehouse.
        name_or_id: the dataset's number (``3`` or ``#3``) or exact name.
        progress: called with (step, fraction done).

    Returns:
        The dataset and the rows deleted per table.

    Raises:
        WarehouseNotFoundError: no warehouse at the path.
        DataError: no such dataset, or the name is ambiguous.
        SchemaError: the warehouse is of schema version 1 (upgraded by any write).
    """
    path = Path(warehouse_path)
    report = progress or (lambda step, fraction: None)
    report("finding the dataset", 0.0)
    con = warehouse.open_readonly(path)
    try:
        _require_tracking(con, str(path))
        find_dataset(con, name_or_id)  # refuse an unknown name before copying the file
    finally:
        con.close()
    report("copying the warehouse", 0.05)
    with warehouse.building(path, compact=True) as con:
        dataset = find_dataset(con, name_or_id)
        params = {"dataset_id": dataset.dataset_id}
        report("finding what only it used", 0.15)
        doomed = _doomed(con, dataset.dataset_id)
        deleted = {t: 0 for t, _, _ in REMOVED_KINDS}
        con.execute(sql.load("schema/import"))  # item_keys, for a warehouse never imported into
        con.register("rm_doomed", doomed)
        try:
            for step, table, statement in _DATA_STEPS:
                report(step, 0.2)
                deleted[table] = _deleted(con, sql.load(statement), params)
            report("forgetting source keys", 0.4)
            con.execute(sql.load("datasets/delete_item_keys"))
            for i, (step, kind, statement, columns) in enumerate(_ORPHAN_STEPS):
                report(step, 0.45 + 0.4 * i / len(_ORPHAN_STEPS))
                owner = _DOOMED_TABLE[kind]
                for ref_table, column in _references(owner, columns):
                    con.execute(  # table and column from the schema's allow-list
                        f'DELETE FROM "{ref_table}" WHERE "{column}" IN '
                        "(SELECT id FROM rm_doomed WHERE kind = $kind)",
                        {"kind": kind},
                    )
                deleted[owner] = _deleted(con, sql.load(statement), {})
            report("removing the dataset's record", 0.85)
            con.execute(sql.load("datasets/delete_dataset"), params)
        finally:
            con.unregister("rm_doomed")
        if dataset.synthetic:
            report("dropping the planted truth", 0.9)
            for name in GROUND_TRUTH_TABLES:
                con.execute(f"DROP TABLE IF EXISTS {name}")  # names from the schema's list
            con.execute(sql.load("datasets/delete_synthetic_meta"))
        report("writing the warehouse", 0.95)
    report("done", 1.0)
    removal = Removal(dataset, MappingProxyType(deleted))
    log.info("removed dataset %s from %s: %s", dataset.label, path, removal.describe())
    return removal
