"""Create, open and atomically rebuild the DuckDB warehouse.

A warehouse is one DuckDB file (``data/soundcheck.duckdb`` by default) holding the canonical
schema, a ``meta`` table with the schema version, the data version and the pseudonymisation
salt. The dashboard opens it read-only. Anything that writes does so through :func:`building`,
which works on a copy and swaps it in with :func:`os.replace`, so a crash mid-build never leaves
a half-written warehouse behind and readers keep the old file until they reopen.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Final

import duckdb

from recsys import sql
from recsys.errors import SchemaError, WarehouseNotFoundError
from recsys.schema import CANONICAL_TABLES, SCHEMA_VERSION

READABLE_VERSIONS: Final = (1, SCHEMA_VERSION)
"""Schema versions :func:`open_readonly` accepts: the current one, and version 1 (before
datasets were tracked), which is upgraded by the next write."""

__all__ = [
    "DEFAULT_PATH",
    "READABLE_VERSIONS",
    "Limits",
    "attach_readonly",
    "building",
    "bump_data_version",
    "content_version",
    "cursor",
    "data_version",
    "default_path",
    "get_meta",
    "init_schema",
    "next_dataset_id",
    "open_readonly",
    "row_counts",
    "schema_version",
    "table_exists",
]

log = logging.getLogger(__name__)

DEFAULT_PATH = Path("data") / "soundcheck.duckdb"
"""Where the warehouse lives unless ``--warehouse`` or ``SOUNDCHECK_WAREHOUSE`` says otherwise."""

MEMORY_ENV = "SOUNDCHECK_MEMORY_LIMIT"
"""Environment variable: DuckDB's memory limit for every write (``4GB``, ``512MB`` ...)."""
TEMP_ENV = "SOUNDCHECK_TEMP_DIR"
"""Environment variable: the folder DuckDB spills to when a write outgrows its memory limit."""
DEFAULT_MEMORY_SHARE = 0.4
"""DuckDB's share of the machine's memory by default: a build keeps its frames, the candidate
models and LightGBM in the same process, outside DuckDB's budget."""

_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)\s*$", re.IGNORECASE)


def _physical_memory() -> int:
    """Bytes of physical memory (0 where the platform does not say)."""
    try:
        return int(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES"))
    except (AttributeError, OSError, ValueError):
        return 0


@dataclass(frozen=True)
class Limits:
    """DuckDB's memory limit and spill folder for a write (a build, an import, a generation).

    DuckDB keeps its intermediate results within ``memory_limit`` and spills the rest to files
    in ``temp_dir``, so a join or sort larger than memory slows down instead of failing. Each
    write spills into a folder of its own under ``temp_dir``, removed when the write ends.

    Attributes:
        memory_limit: a size DuckDB understands, e.g. ``"4GB"`` or ``"512MiB"``.
        temp_dir: the folder that holds the spill folders (``None``: beside the warehouse).
    """

    memory_limit: str
    temp_dir: Path | None = None

    def __post_init__(self) -> None:
        if not _SIZE.match(self.memory_limit):
            raise ValueError(
                f"memory limit {self.memory_limit!r} is not a size: write it like 4GB or 512MB"
            )

    @classmethod
    def default(cls) -> Limits:
        """The limits from ``SOUNDCHECK_MEMORY_LIMIT`` and ``SOUNDCHECK_TEMP_DIR`` when set, else
        40% of the machine's memory and a spill folder beside the warehouse."""
        memory = os.environ.get(MEMORY_ENV, "").strip()
        if not memory:
            total = _physical_memory()
            mib = int(total * DEFAULT_MEMORY_SHARE) >> 20 if total else 4096
            memory = f"{max(mib, 256)}MiB"
        temp = os.environ.get(TEMP_ENV, "").strip()
        return cls(memory, Path(temp) if temp else None)

    def memory_bytes(self) -> int:
        """``memory_limit`` in bytes."""
        match = _SIZE.match(self.memory_limit)
        assert match is not None  # checked in __post_init__
        number, unit = float(match.group(1)), match.group(2).upper()
        power = "KMGT".index(unit[0]) + 1
        return int(number * (1024**power if unit.endswith("IB") else 1000**power))


def default_path() -> Path:
    """Return the warehouse path from ``SOUNDCHECK_WAREHOUSE``, else :data:`DEFAULT_PATH`."""
    return Path(os.environ.get("SOUNDCHECK_WAREHOUSE", str(DEFAULT_PATH)))


def init_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the canonical tables (idempotent) and the meta rows of a new warehouse.

    A warehouse of an older schema version is upgraded in place (see :func:`_upgrade`); call
    this on a writable copy only (:func:`building` does).

    Raises:
        SchemaError: the warehouse has a newer or unknown schema version.
    """
    existing = get_meta(con, "schema_version")
    if existing is not None and _version_number(existing) != SCHEMA_VERSION:
        _upgrade(con, existing)
    con.execute(sql.load("schema/core"))
    if existing is None:
        now = datetime.now(UTC).replace(tzinfo=None).isoformat(timespec="seconds")
        con.executemany(
            "INSERT INTO meta VALUES ($1, $2)",
            [
                ["schema_version", str(SCHEMA_VERSION)],
                ["salt", secrets.token_hex(16)],
                ["created_at", now],
                ["data_version", uuid.uuid4().hex],
            ],
        )


def _version_number(value: str | None) -> int | None:
    """A ``meta`` schema version as a number; None when absent or not a number."""
    try:
        return None if value is None else int(value)
    except ValueError:
        return None


def _upgrade(con: duckdb.DuckDBPyConnection, existing: str) -> None:
    """Bring a warehouse of an older schema version up to :data:`SCHEMA_VERSION`.

    Version 1 had no ``dataset_id``: the column is added to ``datasets``, ``listens``,
    ``play_counts`` and ``friends``, the datasets are numbered in the order they were imported,
    and rows are tied to their dataset where that is certain (every row, when the warehouse holds
    a single dataset; the synthetic demo's own plays and friendships, by their source and
    listeners); other rows keep an empty ``dataset_id``: written before datasets were tracked.
    """
    if _version_number(existing) != 1:
        raise SchemaError(
            f"warehouse has schema version {existing}, this Soundcheck expects {SCHEMA_VERSION}"
        )
    con.execute(sql.load("schema/upgrade_v2"))
    con.execute(sql.load("schema/upgrade_v2_rows"))
    if table_exists(con, "ground_truth_users"):
        con.execute(sql.load("schema/upgrade_v2_synthetic_friends"))
    con.execute(
        "UPDATE meta SET value = $v WHERE key = 'schema_version'", {"v": str(SCHEMA_VERSION)}
    )
    log.info("warehouse upgraded from schema version %s to %s", existing, SCHEMA_VERSION)


def schema_version(con: duckdb.DuckDBPyConnection) -> int | None:
    """The warehouse's schema version (None when it is not a Soundcheck warehouse)."""
    return _version_number(get_meta(con, "schema_version"))


def next_dataset_id(con: duckdb.DuckDBPyConnection) -> int:
    """The ``dataset_id`` the next dataset gets: one more than the highest so far."""
    row = con.execute(sql.load("datasets/next_id")).fetchall()
    return int(row[0][0]) if row else 1


def get_meta(con: duckdb.DuckDBPyConnection, key: str) -> str | None:
    """Return one value of the ``meta`` table, or None if the key (or the table) is absent."""
    if not table_exists(con, "meta"):
        return None
    row = con.execute("SELECT value FROM meta WHERE key = $key", {"key": key}).fetchone()
    return None if row is None else str(row[0])


def bump_data_version(con: duckdb.DuckDBPyConnection, *, content: bool = True) -> str:
    """Give the warehouse a new data version; call after every change to it.

    Args:
        content: the canonical data changed too (an import, a generation), so the
            :func:`content_version` moves with it; False for writes that only add derived
            tables (a model build), after which earlier runs still describe the same data.
    """
    version = uuid.uuid4().hex
    con.execute("INSERT OR REPLACE INTO meta VALUES ('data_version', $v)", {"v": version})
    if content:
        con.execute("INSERT OR REPLACE INTO meta VALUES ('content_version', $v)", {"v": version})
    return version


def data_version(con: duckdb.DuckDBPyConnection) -> str:
    """The warehouse's data version: a key that changes whenever its data changes."""
    version = get_meta(con, "data_version")
    if version is None:
        raise SchemaError("this DuckDB file is not a Soundcheck warehouse (no meta table)")
    return version


def content_version(con: duckdb.DuckDBPyConnection) -> str:
    """A key that changes only when the canonical data changes (not when a run is added).

    A run records it; a run whose key differs from the warehouse's describes older data.
    Warehouses written before this key existed fall back to their data version.
    """
    return get_meta(con, "content_version") or data_version(con)


def table_exists(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    """Whether a table or view called ``name`` exists in the main schema."""
    row = con.execute(
        "SELECT count(*) FROM duckdb_tables() "
        "WHERE database_name = current_database() AND schema_name = 'main' AND table_name = $n",
        {"n": name},
    ).fetchone()
    return bool(row and row[0])


def row_counts(con: duckdb.DuckDBPyConnection, tables: tuple[str, ...]) -> dict[str, int]:
    """Row counts of the given canonical tables (names checked against the schema)."""
    counts: dict[str, int] = {}
    for name in tables:
        if name not in CANONICAL_TABLES:
            raise ValueError(f"not a canonical table: {name!r}")
        row = con.execute(f'SELECT count(*) FROM "{name}"').fetchone()  # name from allow-list
        counts[name] = int(row[0]) if row else 0
    return counts


def attach_readonly(
    path: str | os.PathLike[str],
    config: dict[str, str | bool | int | float | list[str]] | None = None,
) -> duckdb.DuckDBPyConnection:
    """A new in-memory DuckDB instance with the file at ``path`` attached read-only as ``wh``.

    ``duckdb.connect(path)`` shares one database instance per path within a process, so after
    :func:`building` swaps a new file in, it would keep serving the old one. Attaching from a
    fresh in-memory instance always reads the file that is at ``path`` now.
    """
    con = duckdb.connect(":memory:", config=config or {})
    literal = str(Path(path).resolve()).replace("'", "''")
    try:
        con.execute(f"ATTACH '{literal}' AS wh (READ_ONLY)")  # a path, quoted; not user SQL
    except duckdb.Error:
        con.close()
        raise
    con.execute("USE wh")
    return con


def cursor(con: duckdb.DuckDBPyConnection) -> duckdb.DuckDBPyConnection:
    """A cursor (a connection for another thread) that sees the warehouse's tables unqualified.

    A cursor starts in the instance's default database; on a connection made by
    :func:`attach_readonly` that is the empty in-memory one, so switch it to ``wh``.
    """
    cur = con.cursor()
    attached = cur.execute(
        "SELECT count(*) FROM duckdb_databases() WHERE database_name = 'wh'"
    ).fetchone()
    if attached and attached[0]:
        cur.execute("USE wh")
    return cur


def open_readonly(path: str | os.PathLike[str]) -> duckdb.DuckDBPyConnection:
    """Open an existing warehouse read-only, checking that it is one.

    A warehouse of schema version 1 is opened as it is (it lacks ``dataset_id``); the next
    write upgrades it.

    Raises:
        WarehouseNotFoundError: no file at ``path``.
        SchemaError: the file is not a Soundcheck warehouse of this schema version.
    """
    p = Path(path)
    if not p.is_file():
        raise WarehouseNotFoundError(
            f"no warehouse at {p}: run `soundcheck generate --preset demo --warehouse {p}` "
            "or import data first"
        )
    try:
        con = attach_readonly(p)
    except duckdb.Error as exc:
        raise SchemaError(f"{p} is not a readable DuckDB database: {exc}") from exc
    version = get_meta(con, "schema_version")
    if _version_number(version) not in READABLE_VERSIONS:
        con.close()
        raise SchemaError(
            f"{p} is not a Soundcheck warehouse of schema version {SCHEMA_VERSION} "
            f"(found {version!r})"
        )
    return con


@contextmanager
def building(
    path: str | os.PathLike[str],
    *,
    fresh: bool = False,
    changes_content: bool = True,
    compact: bool = False,
    limits: Limits | None = None,
) -> Iterator[duckdb.DuckDBPyConnection]:
    """Open a writable copy of the warehouse and swap it in atomically on success.

    Args:
        path: the warehouse to change (created if missing).
        fresh: start from an empty warehouse instead of a copy of the current one.
        changes_content: the write changes the canonical data (see :func:`content_version`);
            a model build passes False.
        compact: write the result into a fresh file (``COPY FROM DATABASE``), so the space of
            deleted rows is given back; a removal passes True (DuckDB keeps a file's size
            after a DELETE).
        limits: DuckDB's memory limit and spill folder (default: :meth:`Limits.default`).

    Yields:
        A read-write connection to the copy, with the schema in place. On a clean exit the data
        version is bumped, the copy is checkpointed and renamed over ``path``; on an exception
        the copy is deleted and ``path`` is left byte for byte as it was.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.tmp")
    packed = tmp.with_name(f"{tmp.name}.packed")
    limits = limits or Limits.default()
    spill_root = limits.temp_dir or target.parent
    spill_root.mkdir(parents=True, exist_ok=True)
    spill = Path(tempfile.mkdtemp(prefix=f".{target.name}.spill.", dir=spill_root))
    try:
        if target.exists() and not fresh:
            shutil.copy2(target, tmp)
        con = duckdb.connect(
            str(tmp),
            config={"memory_limit": limits.memory_limit, "temp_directory": str(spill)},
        )
        try:
            con.execute("SET enable_progress_bar = false")
            init_schema(con)
            yield con
            bump_data_version(con, content=changes_content)
            if compact:
                _copy_into(con, packed)
                con.close()
                os.replace(packed, target)
            else:
                con.execute("CHECKPOINT")
                con.close()
                os.replace(tmp, target)
            log.info("warehouse written to %s", target)
        except BaseException:
            con.close()
            raise
    finally:
        for leftover in (tmp, Path(f"{tmp}.wal"), packed, Path(f"{packed}.wal")):
            leftover.unlink(missing_ok=True)
        shutil.rmtree(spill, ignore_errors=True)


def _copy_into(con: duckdb.DuckDBPyConnection, path: Path) -> None:
    """Copy every table of the database on ``con`` into a new file at ``path``."""
    source = con.execute("SELECT current_database()").fetchall()[0][0]
    literal = str(path.resolve()).replace("'", "''")
    con.execute(f"ATTACH '{literal}' AS packed")  # a path, quoted; not user SQL
    try:
        quoted = str(source).replace('"', '""')
        con.execute(f'COPY FROM DATABASE "{quoted}" TO packed')
    finally:
        con.execute("DETACH packed")
