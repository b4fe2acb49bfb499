"""The datasets of a warehouse: what each one holds, and which one a name or number means.

Every import (and the generated demo) is one row of ``datasets`` with a ``dataset_id``; the
rows it adds to ``listens``, ``play_counts`` and ``friends`` carry that number, so a dataset can
be listed with what it holds and removed again (:mod:`recsys.io._remove`). Rows written before
datasets were tracked (a warehouse of schema version 1) have no number.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Final

import duckdb
import pandas as pd

from recsys import sql, warehouse
from recsys.errors import DataError, SchemaError

__all__ = [
    "DATA_TABLES",
    "SYNTHETIC_FORMAT",
    "Dataset",
    "MixingError",
    "check_not_mixing",
    "find_dataset",
    "holds_synthetic",
    "list_datasets",
    "untracked_rows",
]

SYNTHETIC_FORMAT: Final = "synthetic"
"""``datasets.source_format`` of the generated demo."""

DATA_TABLES: Final = ("listens", "play_counts", "friends")
"""The tables whose rows say which dataset brought them."""


class MixingError(DataError):
    """Real data was about to be imported into a warehouse that holds the synthetic demo.

    Attributes:
        warehouse_path: the warehouse that holds the demo.
    """

    def __init__(self, warehouse_path: Path) -> None:
        super().__init__(
            f"{warehouse_path} holds the synthetic demo: importing real data there would mix "
            "the two, and every figure after it would describe neither. Import into a new "
            "warehouse, or allow mixing to add it anyway."
        )
        self.warehouse_path = warehouse_path


@dataclass(frozen=True)
class Dataset:
    """One row of ``datasets`` with what it holds now.

    Attributes:
        dataset_id: its number (1, 2, … in the order of import).
        name: its name (by default the imported file or folder).
        source_format: the import format, or ``synthetic`` for the generated demo.
        grain: ``track`` or ``artist``.
        imported_at: when it was imported or generated (UTC).
        rows: rows it holds now in ``listens``, ``play_counts`` and ``friends``; None in a
            warehouse of schema version 1, which does not know yet.
    """

    dataset_id: int
    name: str
    source_format: str
    grain: str
    imported_at: datetime
    rows: dict[str, int] | None

    @property
    def synthetic(self) -> bool:
        """Whether this is the generated demo."""
        return self.source_format == SYNTHETIC_FORMAT

    @property
    def label(self) -> str:
        """``name (format, #id)``, for menus and messages."""
        return f"{self.name} ({self.source_format}, #{self.dataset_id})"


def list_datasets(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every dataset of the warehouse, oldest first.

    Returns:
        Columns ``dataset_id, name, source_format, grain, imported_at, listens, play_counts,
        friends``: the rows each dataset holds now in those three tables (empty in a warehouse
        of schema version 1, where rows do not say yet which dataset brought them).
    """
    if warehouse.schema_version(con) == 1:
        return con.execute(sql.load("datasets/list_v1")).df()
    return con.execute(sql.load("datasets/list")).df()


def untracked_rows(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """Rows no dataset claims (written before datasets were tracked), per data table."""
    if warehouse.schema_version(con) == 1:
        return warehouse.row_counts(con, DATA_TABLES)
    rows = con.execute(sql.load("datasets/untracked")).fetchall()
    return dict(zip(DATA_TABLES, (int(n) for n in rows[0]), strict=True))


def holds_synthetic(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether one of the warehouse's datasets is the generated demo."""
    rows = con.execute(sql.load("datasets/synthetic")).fetchall()
    return bool(rows and rows[0][0])


def _datasets(frame: pd.DataFrame) -> list[Dataset]:
    out = []
    for rec in frame.to_dict("records"):
        counts = [rec[t] for t in DATA_TABLES]
        rows = (
            None
            if any(pd.isna(n) for n in counts)
            else {t: int(n) for t, n in zip(DATA_TABLES, counts, strict=True)}
        )
        out.append(
            Dataset(
                int(rec["dataset_id"]),
                str(rec["name"]),
                str(rec["source_format"]),
                str(rec["grain"]),
                pd.Timestamp(rec["imported_at"]).to_pydatetime(),
                rows,
            )
        )
    return out


def find_dataset(con: duckdb.DuckDBPyConnection, name_or_id: str | int) -> Dataset:
    """The dataset a person means: its number (``3`` or ``#3``), else its exact name.

    Raises:
        DataError: no dataset has that number or name (the message lists the datasets), or two
            datasets share the name (the message gives their numbers to choose from).
    """
    datasets = _datasets(list_datasets(con))
    key = str(name_or_id).strip()
    number = key.removeprefix("#")
    if number.isdigit():
        by_id = [d for d in datasets if d.dataset_id == int(number)]
        if by_id:
            return by_id[0]
    named = [d for d in datasets if d.name == key]
    if len(named) == 1:
        return named[0]
    if named:
        ids = ", ".join(f"#{d.dataset_id}" for d in named)
        raise DataError(f"{len(named)} datasets are called {key!r} ({ids}): give the number")
    known = ", ".join(d.label for d in datasets) or "none"
    raise DataError(f"no dataset {key!r} in this warehouse; its datasets: {known}")


def check_not_mixing(warehouse_path: str | os.PathLike[str]) -> None:
    """Refuse real data for a warehouse that holds the synthetic demo.

    A missing warehouse (an import creates it) and a readable one without the demo pass.

    Raises:
        MixingError: the warehouse holds the synthetic demo.
    """
    path = Path(warehouse_path)
    if not path.exists():
        return
    try:
        con = warehouse.open_readonly(path)
    except SchemaError:
        return  # the import itself says what is wrong with the file
    try:
        synthetic = holds_synthetic(con)
    finally:
        con.close()
    if synthetic:
        raise MixingError(path)
