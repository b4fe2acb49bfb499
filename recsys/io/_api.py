"""The import: :func:`import_data` reads, checks and writes, all or nothing."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from pathlib import Path, PurePosixPath
from types import MappingProxyType
from typing import Final

import duckdb

from recsys import sql, warehouse
from recsys.errors import SchemaError
from recsys.io._datasets import check_not_mixing
from recsys.io._detect import guess, suggestion
from recsys.io._load import (
    LOAD_TABLES,
    Loaded,
    dataset_id_for,
    last_user_id,
    listeners,
    load,
    record_dataset,
)
from recsys.io._options import CsvMapping, Options
from recsys.io._report import (
    FileSummary,
    ImportDataError,
    ImportSummary,
    Problem,
    ProgressFn,
)
from recsys.io._stage import Stager, pseudonym
from recsys.io._zipsafe import Found, ZipLimits, find_files, folder_files
from recsys.io.formats import Format, get

__all__ = ["import_data", "source_name", "summaries"]

log = logging.getLogger(__name__)

_READ_SPAN: Final = (0.10, 0.60)
_LOAD_SPAN: Final = (0.65, 0.95)


def _content_hash(files: list[Found], fmt: str, options: Options, user: str | None) -> str:
    """SHA-256 over the input files' names and bytes, the format, the mapping and the user."""
    digest = hashlib.sha256(f"{fmt}\n".encode())
    for f in sorted(files, key=lambda f: f.relpath):
        with f.path.open("rb") as fh:
            file_hash = hashlib.file_digest(fh, "sha256").hexdigest()
        digest.update(f"{f.relpath}\t{file_hash}\n".encode())
    if options.mapping is not None:
        digest.update(options.mapping.to_json().encode())
    if user is not None:
        digest.update(f"user\t{user}\n".encode())
    return digest.hexdigest()


def _dataset_name(source: Path, found: list[Found], show_folder: bool) -> str:
    """The source's name; for a folder of uploads, the first file's."""
    if source.is_file():
        return source.stem
    if not show_folder and found:
        return PurePosixPath(min(f.relpath for f in found)).stem
    return source.name


def source_name(source: Path, show_folder: bool) -> str:
    """The source as the user knows it; for a folder of uploads, the files' names."""
    if show_folder or not source.is_dir():
        return source.name
    names = [rel for _, rel in folder_files(source)]
    more = f" and {len(names) - 3:,} more" if len(names) > 3 else ""
    return ", ".join(names[:3]) + more if names else source.name


def summaries(st: Stager, loaded: Loaded | None = None) -> tuple[FileSummary, ...]:
    """Per staged file: records read, kept, and left out by reason (with ``loaded``'s counts)."""
    counts = st.file_counts()
    out: list[FileSummary] = []
    for staged in st.files:
        by_reason = counts.get(staged.file_no, {})
        read = sum(by_reason.values())
        dropped = {str(r): n for r, n in by_reason.items() if r is not None and n}
        extra: dict[str, int] = loaded.get(staged.file_no, {}) if loaded else {}
        for reason, n in extra.items():
            if n:
                dropped[reason] = dropped.get(reason, 0) + n
        out.append(
            FileSummary(
                staged.found.display,
                staged.role,
                read,
                read - sum(dropped.values()),
                MappingProxyType(dropped),
            )
        )
    return tuple(out)


def import_data(
    warehouse_path: str | os.PathLike[str],
    fmt: str,
    source_path: str | os.PathLike[str],
    *,
    mapping: CsvMapping | None = None,
    user: str | None = None,
    name: str | None = None,
    progress: ProgressFn | None = None,
    limits: ZipLimits | None = None,
    show_folder: bool = True,
    allow_mix: bool = False,
    duckdb_limits: warehouse.Limits | None = None,
) -> ImportSummary:
    """Import listening data into the warehouse, all or nothing.

    The warehouse is changed on a copy that replaces it only when everything succeeded (see
    :func:`recsys.warehouse.building`): a refused file leaves it byte for byte as it was.

    Args:
        warehouse_path: the warehouse (created if missing).
        fmt: the name of a format in :data:`recsys.io.formats.FORMATS`.
        source_path: a file, a folder or a zip archive as the service hands it out.
        mapping: the column mapping (format ``csv`` only).
        user: the source user id, for single-user exports that do not name their account.
        name: the dataset's name in ``datasets`` (default: the source's file or folder name).
        progress: called with (step, fraction done).
        limits: what a zip archive must respect (default: :class:`ZipLimits`).
        show_folder: name the files of a folder ``<folder>/<path>``; False names them by
            their path inside it (the Import page's folder of uploads), and names the dataset
            after the first file.
        allow_mix: import even into a warehouse that holds the synthetic demo (which mixes
            real and generated data); by default that is refused.
        duckdb_limits: DuckDB's memory limit and spill folder for the write (default:
            :meth:`recsys.warehouse.Limits.default`); beyond the limit DuckDB spills to disk.

    Raises:
        MixingError: the warehouse holds the synthetic demo and ``allow_mix`` is False (a
            :class:`DataError`; nothing was read or written).
        ImportDataError: the input was refused; the message names file, record, field and
            what was expected, and ``problems`` lists every problem found.
        DataError: the format or the mapping is wrong.
    """
    form = get(fmt)
    if not allow_mix:
        check_not_mixing(warehouse_path)
    try:
        return _import(
            warehouse_path,
            form,
            Path(source_path),
            Options(user=user, mapping=mapping),
            name=name,
            progress=progress,
            limits=limits,
            show_folder=show_folder,
            duckdb_limits=duckdb_limits,
        )
    except ImportDataError as exc:
        better = guess(Path(source_path), fmt)
        if better is None:
            raise
        raise ImportDataError(
            exc.problems, suggested_format=better.name, suggestion=suggestion(better)
        ) from exc


def _import(
    warehouse_path: str | os.PathLike[str],
    form: Format,
    source: Path,
    options: Options,
    *,
    name: str | None,
    progress: ProgressFn | None,
    limits: ZipLimits | None,
    show_folder: bool,
    duckdb_limits: warehouse.Limits | None = None,
) -> ImportSummary:
    """:func:`import_data` once the format is known."""
    fmt, user = form.name, options.user
    report = progress or (lambda step, fraction: None)
    with tempfile.TemporaryDirectory(prefix="soundcheck-import-") as tmp:
        src_dir, text_dir = Path(tmp, "src"), Path(tmp, "text")
        src_dir.mkdir()
        text_dir.mkdir()
        report("finding input files", 0.0)
        found = find_files(
            source, form.wanted, src_dir, limits or ZipLimits(), show_folder=show_folder
        )
        with warehouse.building(warehouse_path, limits=duckdb_limits) as con:
            con.execute(sql.load("schema/import"))
            salt = warehouse.get_meta(con, "salt")
            if salt is None:
                raise SchemaError(f"{warehouse_path} has no pseudonymisation salt in meta")
            report("hashing input files", 0.05)
            digest = _content_hash(
                found, fmt, options, pseudonym(salt, fmt, user) if user else None
            )
            st = Stager(
                con,
                fmt=fmt,
                salt=salt,
                workdir=text_dir,
                progress=progress,
                total_bytes=sum(f.path.stat().st_size for f in found),
                span=_READ_SPAN,
                source=source_name(source, show_folder),
            )
            form.stage(st, found, options)
            report("checking records", _READ_SPAN[1])
            if problems := st.problems():
                raise ImportDataError(problems)
            _require_records(st, source_name(source, show_folder))
            before = warehouse.row_counts(con, LOAD_TABLES)
            last_user = last_user_id(con)
            dataset_id = dataset_id_for(con, digest)
            loaded = load(
                con, source=fmt, dataset_id=dataset_id, progress=progress, span=_LOAD_SPAN
            )
            _check_keys(con)
            after = warehouse.row_counts(con, LOAD_TABLES)
            added = {t: after[t] - before[t] for t in LOAD_TABLES}
            grain = form.grain_for(options)
            dataset = name or _dataset_name(source, found, show_folder)
            recorded = record_dataset(
                con,
                name=dataset,
                grain=grain,
                source_format=fmt,
                added=added,
                content_hash=digest,
                dataset_id=dataset_id,
            )
            files = summaries(st, loaded)
            user_ids, new_user_ids = listeners(con, last_user)
            report("writing the warehouse", _LOAD_SPAN[1])
    report("done", 1.0)
    summary = ImportSummary(
        dataset,
        fmt,
        grain,
        files,
        MappingProxyType(added),
        digest,
        recorded,
        user_ids,
        new_user_ids,
    )
    log.info(
        "imported %s (%s): %d read, %d kept, added %s",
        dataset,
        fmt,
        summary.read,
        summary.kept,
        json.dumps(added),
    )
    return summary


def _check_keys(con: duckdb.DuckDBPyConnection) -> None:
    """Refuse to finish an import that would leave a source key with two meanings."""
    if rows := con.execute(sql.load("import/checks/keys")).fetchall():
        shown = ", ".join(f"{kind} {key!r}" for kind, key, _ in rows)
        raise SchemaError(
            f"item_keys would hold duplicate source keys ({shown}); the import was rolled back"
        )


def _require_records(st: Stager, source: str) -> None:
    if not any(sum(c.values()) for c in st.file_counts().values()):
        shown = ", ".join(f.found.display for f in st.files[:5]) or source
        raise ImportDataError(
            [Problem(shown, "at least one record", kind="structure", found="no records")]
        )
