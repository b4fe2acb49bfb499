"""The warehouses beside the configured one: names, sizes, last build and datasets.

A folder (``data/`` by default, else the folder of ``SOUNDCHECK_WAREHOUSE``) holds one DuckDB
file per body of data, so that real data and the synthetic demo stay apart. The dashboard's
sidebar lists them with :func:`list_warehouses` and switches between them; an import into the
demo's warehouse proposes a new one named by :func:`name_for`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Final

import duckdb
import pandas as pd

from recsys import sql, warehouse
from recsys.errors import DataError

__all__ = [
    "SUFFIX",
    "WarehouseInfo",
    "describe",
    "fmt_size",
    "free_name",
    "inspect",
    "list_warehouses",
    "name_for",
    "path_for",
    "valid_name",
]

SUFFIX: Final = ".duckdb"
"""The file suffix of a warehouse."""

_NAME: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,79}")
_MAX_NAME: Final = 60


@dataclass(frozen=True)
class WarehouseInfo:
    """One warehouse file of the folder.

    Attributes:
        name: the file name without ``.duckdb``; what the sidebar and ``?warehouse=`` use.
        path: the file.
        size_bytes: its size on disk.
        last_build: when the newest model run was built (UTC), None when there is none.
        datasets: the names of its datasets, oldest first.
        synthetic: whether one of them is the generated demo.
        problem: why it cannot be read (not a Soundcheck warehouse, another schema version),
            None when it can.
    """

    name: str
    path: Path
    size_bytes: int
    last_build: datetime | None
    datasets: tuple[str, ...]
    synthetic: bool
    problem: str | None = None


def valid_name(name: str) -> bool:
    """Whether ``name`` can name a warehouse file in the folder: letters, digits, ``. _ -``,
    starting with a letter or digit (so never a path, a hidden file or ``..``)."""
    return bool(_NAME.fullmatch(name)) and ".." not in name


def path_for(folder: Path, name: str) -> Path:
    """The file of the warehouse called ``name`` in ``folder``.

    Raises:
        DataError: ``name`` is not a plain warehouse name (see :func:`valid_name`).
    """
    stem = name.removesuffix(SUFFIX)
    if not valid_name(stem):
        raise DataError(
            f"{name!r} cannot name a warehouse: use letters, digits, '.', '_' and '-', "
            "starting with a letter or digit"
        )
    return folder / f"{stem}{SUFFIX}"


def name_for(dataset_name: str) -> str:
    """A warehouse name made from a dataset's name: lower case, words joined by ``-``."""
    slug = re.sub(r"[^a-z0-9]+", "-", dataset_name.lower()).strip("-")[:_MAX_NAME].strip("-")
    return slug or "imported"


def free_name(folder: Path, base: str) -> str:
    """``base``, or ``base-2``, ``base-3`` … : the first name no file in ``folder`` has."""
    name, n = base, 1
    while (folder / f"{name}{SUFFIX}").exists():
        n += 1
        name = f"{base}-{n}"
    return name


def _last_build(con: duckdb.DuckDBPyConnection) -> datetime | None:
    if not warehouse.table_exists(con, "runs"):
        return None
    rows = con.execute(sql.load("warehouses/last_build")).fetchall()
    value = rows[0][0] if rows else None
    return None if value is None else pd.Timestamp(value).to_pydatetime()


def inspect(path: Path) -> WarehouseInfo:
    """Name, size, last build and datasets of one warehouse file (read-only)."""
    from recsys.io import holds_synthetic, list_datasets

    name, size = path.name.removesuffix(SUFFIX), path.stat().st_size
    try:
        con = warehouse.attach_readonly(path)
    except duckdb.Error:
        return WarehouseInfo(name, path, size, None, (), False, "not a readable DuckDB file")
    try:
        version = warehouse.schema_version(con)
        if version is None:
            return WarehouseInfo(name, path, size, None, (), False, "not a Soundcheck warehouse")
        if version not in warehouse.READABLE_VERSIONS:
            problem = f"schema version {version}, which this Soundcheck cannot read"
            return WarehouseInfo(name, path, size, None, (), False, problem)
        names = tuple(str(n) for n in list_datasets(con)["name"])
        return WarehouseInfo(name, path, size, _last_build(con), names, holds_synthetic(con))
    except duckdb.Error as exc:
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        return WarehouseInfo(name, path, size, None, (), False, f"cannot be read: {first}")
    finally:
        con.close()


def list_warehouses(folder: Path) -> list[WarehouseInfo]:
    """Every warehouse file (``*.duckdb``, hidden files left out) in ``folder``, by name."""
    if not folder.is_dir():
        return []
    files = sorted(
        p for p in folder.glob(f"*{SUFFIX}") if p.is_file() and not p.name.startswith(".")
    )
    return [inspect(p) for p in files]


def fmt_size(size_bytes: int) -> str:
    """A file size as people read it: ``820 KB``, ``1.4 GB``."""
    size = float(size_bytes)
    for unit in ("bytes", "KB", "MB", "GB"):
        if size < 1024:
            return f"{size:,.0f} {unit}" if unit in ("bytes", "KB") else f"{size:,.1f} {unit}"
        size /= 1024
    return f"{size:,.1f} TB"


def describe(info: WarehouseInfo, *, size: bool = True) -> str:
    """One line about a warehouse: size, last build and datasets (or why it cannot be read).

    Args:
        info: the warehouse.
        size: start with its size (leave it out where the size is shown beside it).
    """
    head = [fmt_size(info.size_bytes)] if size else []
    if info.problem is not None:
        return "; ".join([*head, info.problem])
    built = (
        f"last build {info.last_build:%Y-%m-%d %H:%M} UTC" if info.last_build else "no model run"
    )
    datasets = f"datasets: {', '.join(info.datasets)}" if info.datasets else "no dataset"
    return "; ".join([*head, built, datasets])
