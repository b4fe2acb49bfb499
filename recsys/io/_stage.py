"""Read input files into temporary staging tables, with progress, and collect their problems.

Every file is read by one SQL statement (``recsys/sql/import/formats/<format>/*.sql``) that
streams it through DuckDB's ``read_json`` or ``read_csv`` with explicit columns and appends
parsed rows to a staging table (``recsys/sql/import/stage/``), each row carrying its file
number, why it is left out (``drop_reason``) and its first problem (``issue``). Rows keep the
file's order, so a row's position within its file is its record number. Staging tables are
TEMP: they never reach the warehouse file."""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Literal

import duckdb

from recsys import sql
from recsys.io._report import ImportDataError, Problem, ProgressFn
from recsys.io._text import (
    check_text,
    is_invalid_utf8,
    line_of_record,
    problem_from_duckdb,
    to_utf8,
)
from recsys.io._zipsafe import Found

__all__ = ["STAGE_TABLES", "StagedFile", "Stager", "pseudonym"]

log = logging.getLogger(__name__)

STAGE_TABLES: Final = (
    "imp_plays",
    "imp_counts",
    "imp_friends",
    "imp_profiles",
    "imp_artists",
    "h_plays",
    "h_tags",
    "h_tagged",
    "g_raw",
)
"""Staging tables that hold a file's rows (the allow-list for table names formatted into SQL)."""

_SETUP: Final = (
    "import/macros/norm",
    "import/macros/mbid",
    "import/macros/pseudonym",
    "import/macros/country",
    "import/macros/read_tsv",
    "import/stage/plays",
    "import/stage/counts",
    "import/stage/tags",
    "import/stage/friends",
    "import/stage/profiles",
    "import/stage/artists",
    "import/stage/hetrec_plays",
    "import/stage/hetrec_tags",
    "import/stage/hetrec_tagged",
    "import/stage/raw_csv",
)


def pseudonym(salt: str, fmt: str, uid: str) -> str:
    """The pseudonym of a source user id; the SQL macro ``sc_pseudonym`` computes the same."""
    return hashlib.sha256("\x1f".join([salt, fmt, uid.strip()]).encode("utf-8")).hexdigest()


@dataclass
class StagedFile:
    """An input file read into a staging table.

    Attributes:
        file_no: its number in this import (the ``file_no`` of its rows).
        found: where it is and how to name it.
        role: what it holds (``plays``, ``profiles``, ``artists``, …).
        table: the staging table its rows are counted in.
        line_based: whether a record is a line (CSV, TSV, JSON lines) or not (a JSON array).
        header_lines: lines before the first record.
        expectations: what each field must hold, by field (the ``issue`` prefix).
        shape: what a record of this file looks like, for records that match nothing.
        labels: how to name a field to the user when it differs from its key.
        columns: the file's columns in order, for delimited files.
    """

    file_no: int
    found: Found
    role: str
    table: str
    line_based: bool
    header_lines: int
    expectations: Mapping[str, str]
    shape: str = ""
    labels: Mapping[str, str] = field(default_factory=dict)
    columns: tuple[str, ...] = ()


class Stager:
    """Stages the files of one import on one connection and reports on them.

    Args:
        con: the connection (the warehouse copy of an import, or an in-memory one for a
            preview).
        fmt: the input format, used in pseudonyms and messages.
        salt: the warehouse's pseudonymisation salt.
        workdir: where transcoded copies of non-UTF-8 files go.
        progress: called with (step, fraction); reading spans ``span`` of the whole import.
        total_bytes: the size of all input files, to apportion progress.
        span: the fractions of the whole import that reading covers.
        source: the source (file, folder or archive) as the user knows it.
    """

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        *,
        fmt: str,
        salt: str,
        workdir: Path,
        progress: ProgressFn | None = None,
        total_bytes: int = 0,
        span: tuple[float, float] = (0.0, 1.0),
        source: str = "the source",
    ) -> None:
        self.con = con
        self.source = source
        self.fmt = fmt
        self.salt = salt
        self.workdir = workdir
        self.progress = progress
        self.files: list[StagedFile] = []
        self._total = max(total_bytes, 1)
        self._done = 0
        self._span = span
        con.execute("SET enable_progress_bar = true")
        con.execute("SET enable_progress_bar_print = false")
        for name in _SETUP:
            con.execute(sql.load(name))

    def pseudonym(self, uid: str) -> str:
        """The pseudonym of a source user id of this format."""
        return pseudonym(self.salt, self.fmt, uid)

    def scalar(self, name: str, params: Mapping[str, Any]) -> Any:
        """Run one query file and return the first column of its first row (None if no row)."""
        row = self.con.execute(sql.load(name), dict(params)).fetchone()
        return None if row is None else row[0]

    def run(self, name: str, params: Mapping[str, Any] | None = None) -> None:
        """Run one statement file (derivation steps after the reads)."""
        started = time.perf_counter()
        self.con.execute(sql.load(name), dict(params or {}))
        log.debug("%s took %.2f s", name, time.perf_counter() - started)

    def read(
        self,
        name: str,
        found: Found,
        *,
        role: str,
        table: str,
        kind: Literal["json", "csv", "parquet"],
        params: Mapping[str, Any] | None = None,
        line_based: bool = True,
        header_lines: int = 0,
        expectations: Mapping[str, str],
        shape: str = "",
        labels: Mapping[str, str] | None = None,
        columns: tuple[str, ...] = (),
        sql_text: str | None = None,
    ) -> StagedFile:
        """Read one file with the statement ``name`` into ``table``.

        Raises:
            ImportDataError: the file is not text, or DuckDB cannot parse it (the problem names
                the file and, where DuckDB knows it, the line or record).
        """
        if table not in STAGE_TABLES:
            raise ValueError(f"not a staging table: {table!r}")
        staged = StagedFile(
            len(self.files),
            found,
            role,
            table,
            line_based,
            header_lines,
            expectations,
            shape,
            dict(labels or {}),
            columns,
        )
        self.files.append(staged)
        if kind != "parquet" and (problem := check_text(found.path, found.display)):
            raise ImportDataError([problem])
        text = sql_text if sql_text is not None else sql.load(name)
        bound = {**(params or {}), "path": str(found.path)}
        if "$file_no" in text:
            bound["file_no"] = staged.file_no
        if "$salt" in text:
            bound["salt"] = self.salt
        size = found.path.stat().st_size
        expected = shape or role
        try:
            self._read_once(text, bound, staged, kind, size, expected)
        except _NotUtf8:
            copy = self.workdir / f"utf8-{staged.file_no}{found.path.suffix}"
            log.info(
                "%s is not valid UTF-8: reading it as UTF-8 with Latin-1 fallback", found.display
            )
            to_utf8(found.path, copy)
            self._read_once(
                text, {**bound, "path": str(copy)}, staged, kind, size, expected, retry=True
            )
        self._done += size
        return staged

    def _read_once(
        self,
        text: str,
        bound: dict[str, Any],
        staged: StagedFile,
        kind: str,
        size: int,
        expected: str,
        *,
        retry: bool = False,
    ) -> None:
        display = staged.found.display
        if kind == "csv":
            self.con.execute("DROP TABLE IF EXISTS reject_errors")
            self.con.execute("DROP TABLE IF EXISTS reject_scans")
        try:
            self._execute(text, bound, f"reading {staged.found.path.name}", size)
        except duckdb.Error as exc:
            if kind != "parquet" and is_invalid_utf8(exc) and not retry:
                raise _NotUtf8 from exc
            raise ImportDataError(
                [
                    problem_from_duckdb(
                        exc, display, staged.found.path, expected, line_based=staged.line_based
                    )
                ]
            ) from exc
        except UnicodeDecodeError as exc:  # DuckDB quoted the file's invalid bytes in its error
            if kind != "parquet" and not retry:
                raise _NotUtf8 from exc
            raise ImportDataError(
                [Problem(display, expected, kind="structure", found="bytes that cannot be parsed")]
            ) from exc
        if kind == "csv":
            self._check_rejects(staged, retry=retry)

    def _check_rejects(self, staged: StagedFile, *, retry: bool) -> None:
        rows = self.con.execute(sql.load("import/checks/rejects")).fetchall()
        if not rows:
            return
        if any(r[2] == "INVALID ENCODING" for r in rows) and not retry:
            # the table name is checked against STAGE_TABLES in read()
            self.con.execute(
                f"DELETE FROM {staged.table} WHERE file_no = $f", {"f": staged.file_no}
            )
            raise _NotUtf8
        line, column, error_type, message, n = rows[0]
        if "COLUMNS" in str(error_type) and staged.columns:
            expected = f"{len(staged.columns)} fields a line ({', '.join(staged.columns)})"
        else:
            expected = "a well-formed delimited line"
        found = f"{str(error_type).lower()}: {message}"
        if n > 1:
            found += f" ({n:,} lines like this)"
        raise ImportDataError(
            [
                Problem(
                    staged.found.display,
                    expected,
                    line=int(line),
                    field=staged.labels.get(column, column),
                    found=found,
                    kind="structure",
                )
            ]
        )

    def _execute(self, text: str, params: dict[str, Any], step: str, size: int) -> None:
        """Execute one statement; poll DuckDB's progress from this thread while it runs."""
        started = time.perf_counter()
        try:
            self._execute_polled(text, params, step, size)
        finally:
            log.debug("%s took %.2f s", step, time.perf_counter() - started)

    def _execute_polled(self, text: str, params: dict[str, Any], step: str, size: int) -> None:
        if self.progress is None:
            self.con.execute(text, params)
            return
        lo, hi = self._span
        start = self._done / self._total
        share = size / self._total
        errors: list[BaseException] = []

        def work() -> None:
            try:
                self.con.execute(text, params)
            except BaseException as exc:  # re-raised in the calling thread
                errors.append(exc)

        worker = threading.Thread(target=work, name="soundcheck-import", daemon=True)
        worker.start()
        try:
            while worker.is_alive():
                worker.join(0.25)
                done = max(self.con.query_progress(), 0.0) / 100.0
                self.progress(step, lo + (hi - lo) * min(start + share * done, 1.0))
        except BaseException:
            self.con.interrupt()
            worker.join()
            raise
        if errors:
            raise errors[0]

    def problems(self, limit: int = 50) -> list[Problem]:
        """The problems in the staged records: per file and kind, the first record and count."""
        rows = self.con.execute(sql.load("import/checks/issues"), {"limit": limit}).fetchall()
        out: list[Problem] = []
        for file_no, record, issue, value, n in rows:
            staged = self.files[file_no]
            key, _, kind = str(issue).partition("|")
            line = (
                line_of_record(staged.found.path, int(record), staged.header_lines)
                if staged.line_based
                else None
            )
            if key == "record":
                out.append(
                    Problem(
                        staged.found.display,
                        staged.shape,
                        record=int(record),
                        line=line,
                        kind="shape",
                        count=int(n),
                    )
                )
                continue
            out.append(
                Problem(
                    staged.found.display,
                    staged.expectations.get(key, "a valid value"),
                    record=int(record),
                    line=line,
                    field=staged.labels.get(key, key),
                    found=value,
                    kind=kind,
                    count=int(n),
                )
            )
        return out

    def file_counts(self) -> dict[int, dict[str | None, int]]:
        """Rows per staged file by drop reason (None: not dropped), from each file's table."""
        counts: dict[int, dict[str | None, int]] = {f.file_no: {} for f in self.files}
        for table, file_no, reason, n in self.con.execute(
            sql.load("import/checks/file_counts")
        ).fetchall():
            if file_no < len(self.files) and self.files[file_no].table == table:
                counts[file_no][reason] = int(n)
        return counts


class _NotUtf8(Exception):
    """DuckDB found invalid UTF-8: transcode the file and read it again."""
