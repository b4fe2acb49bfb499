"""What an import reports: problems found in the input, per-file counts and the summary."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Literal

import pandas as pd

from recsys.errors import DataError

__all__ = [
    "FileSummary",
    "ImportDataError",
    "ImportSummary",
    "Preview",
    "Problem",
    "ProgressFn",
]

ProgressFn = Callable[[str, float], None]
"""Called with (step, fraction of the whole import done, 0..1)."""

Grain = Literal["track", "artist"]


@dataclass(frozen=True)
class Problem:
    """One kind of problem in one input file, located at the first record that has it.

    Attributes:
        file: the file as the user knows it (``export.zip/StreamingHistory0.json``).
        expected: what the field (or the record, or the file) should hold.
        record: the record's number within the file, from 1 (JSON element or data row).
        line: the line within the file, from 1, where the format is line-based or the place is
            known (a JSON syntax error).
        column: the column within that line, from 1 (characters), where it is known.
        field: the field (column, JSON key) at fault; None when the whole record or file is.
        found: the offending text, or a short description of what was found instead.
        kind: ``missing``, ``format``, ``negative``, ``range``, ``shape``, ``encoding``,
            ``structure`` or ``archive``.
        count: how many records of the file have this problem.
    """

    file: str
    expected: str
    record: int | None = None
    line: int | None = None
    field: str | None = None
    found: str | None = None
    kind: str = "format"
    count: int = 1
    column: int | None = None

    @property
    def where(self) -> str:
        """``record 3 (line 5)``, ``line 5``, ``record 3`` or ``file``; a column follows the line
        where it is known (``record 3 (line 5, column 7)``)."""
        line = None if self.line is None else f"line {self.line:,}"
        if line is not None and self.column is not None:
            line += f", column {self.column:,}"
        if self.record is not None and line is not None and self.line != self.record:
            return f"record {self.record:,} ({line})"
        if line is not None:
            return line
        if self.record is not None:
            return f"record {self.record:,}"
        return "file"

    def __str__(self) -> str:
        subject = f"field '{self.field}'" if self.field else "the record"
        if self.kind == "missing":
            detail = f"{subject} is missing; expected {self.expected}"
        elif self.kind == "negative":
            detail = f"{subject} is {self.found}, a negative number; expected {self.expected}"
        elif self.kind == "range":
            detail = f"{subject} is {self.found!r}, out of range; expected {self.expected}"
        elif self.kind == "shape":
            detail = f"the record has none of the expected fields; expected {self.expected}"
        elif self.field is not None and self.kind == "format":
            detail = f"{subject} is {self.found!r}; expected {self.expected}"
        elif self.field is not None:
            detail = f"{subject}: found {self.found}; expected {self.expected}"
        elif self.found is not None:
            detail = f"found {self.found}; expected {self.expected}"
        else:
            detail = f"expected {self.expected}"
        more = f" ({self.count:,} records have this problem)" if self.count > 1 else ""
        where = "" if self.where == "file" else f", {self.where}"
        return f"{self.file}{where}: {detail}{more}"


class ImportDataError(DataError):
    """An import refused its input; ``problems`` lists every problem found (the first leads).

    Attributes:
        problems: every problem found.
        suggested_format: the registered format the input looks like instead, if any.
        suggestion: what to tell the user about it (ends the message).
    """

    def __init__(
        self,
        problems: tuple[Problem, ...] | list[Problem],
        *,
        suggested_format: str | None = None,
        suggestion: str | None = None,
    ) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.suggested_format = suggested_format
        self.suggestion = suggestion
        first = str(self.problems[0]) if self.problems else "the input was refused"
        rest = len(self.problems) - 1
        suffix = f" (and {rest} more problem{'s' if rest != 1 else ''})" if rest > 0 else ""
        hint = f"; {suggestion}" if suggestion else ""
        super().__init__(first + suffix + hint)


@dataclass(frozen=True)
class FileSummary:
    """What happened to the records of one input file.

    Attributes:
        name: the file as the user knows it.
        role: what the file holds (``plays``, ``profiles``, ``artists``, ``tags``, …).
        read: records read.
        kept: records that added something or were merged into what was added.
        dropped: records left out, by reason (``podcast``, ``duplicate``,
            ``already imported``, …).
    """

    name: str
    role: str
    read: int
    kept: int
    dropped: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True)
class ImportSummary:
    """The outcome of one import.

    Attributes:
        dataset: the dataset's name, as recorded in ``datasets``.
        source_format: the input format (``spotify``, ``lastfm-1k``, …).
        grain: ``track`` when the source has tracks, ``artist`` when it only has artists.
        files: one summary per input file.
        added: rows added per canonical table.
        content_hash: SHA-256 over the input files (and the column mapping).
        recorded: whether a new ``datasets`` row was written (False when the same content had
            been imported before).
        user_ids: the ``user_id`` of every user the imported records name, ascending.
        new_user_ids: those of them the import added to ``users``.
    """

    dataset: str
    source_format: str
    grain: Grain
    files: tuple[FileSummary, ...]
    added: Mapping[str, int]
    content_hash: str
    recorded: bool
    user_ids: tuple[int, ...] = ()
    new_user_ids: tuple[int, ...] = ()

    @property
    def read(self) -> int:
        """Records read over all files."""
        return sum(f.read for f in self.files)

    @property
    def kept(self) -> int:
        """Records kept over all files."""
        return sum(f.kept for f in self.files)

    @property
    def listeners(self) -> str:
        """Who the import is about, by ``user_id``: ``New listener: user_id 7``, or a range."""
        ids, new = self.user_ids, self.new_user_ids
        if not ids:
            return "No listener was named by the imported records."
        if len(ids) == 1:
            return f"{'New listener' if new else 'Listener (already imported)'}: user_id {ids[0]}"
        if ids[-1] - ids[0] + 1 == len(ids):
            shown = f"user_id {ids[0]:,}–{ids[-1]:,}"
        else:
            shown = (
                "user_id " + ", ".join(f"{u:,}" for u in ids[:5]) + (", …" if len(ids) > 5 else "")
            )
        return f"{len(ids):,} listeners ({shown}), {len(new):,} of them new"

    @property
    def dropped(self) -> dict[str, int]:
        """Records left out over all files, by reason."""
        out: dict[str, int] = {}
        for f in self.files:
            for reason, n in f.dropped.items():
                out[reason] = out.get(reason, 0) + n
        return out

    def files_frame(self) -> pd.DataFrame:
        """One row per file: name, role, read, kept and one column per drop reason."""
        return files_frame(self.files)

    def added_frame(self) -> pd.DataFrame:
        """One row per canonical table: how many rows the import added."""
        return pd.DataFrame({"table": list(self.added), "rows added": list(self.added.values())})


@dataclass(frozen=True)
class Preview:
    """What an import would read, before anything is written.

    Attributes:
        frame: the first normalised records (times in UTC at the start of the play).
        problems: every problem found; an import of this input would be refused if any.
        files: per-file counts of what would be read and left out (before de-duplication
            against a warehouse).
        grain: the dataset's grain.
        suggested_format: for a refused input, the registered format it looks like instead.
        suggestion: what to tell the user about it.
    """

    frame: pd.DataFrame
    problems: tuple[Problem, ...]
    files: tuple[FileSummary, ...]
    grain: Grain
    suggested_format: str | None = None
    suggestion: str | None = None

    @property
    def ok(self) -> bool:
        """Whether the input passed validation."""
        return not self.problems

    def problems_frame(self) -> pd.DataFrame:
        """One row per problem: file, where, field, found, expected, records and message."""
        return pd.DataFrame(
            [
                {
                    "file": p.file,
                    "where": p.where,
                    "field": p.field or "",
                    "found": p.found or "",
                    "expected": p.expected,
                    "records": p.count,
                    "message": str(p),
                }
                for p in self.problems
            ],
            columns=["file", "where", "field", "found", "expected", "records", "message"],
        )

    def files_frame(self) -> pd.DataFrame:
        """One row per file: name, role, read, kept and one column per drop reason.

        When the input would be refused nothing is kept, so a refused preview has no kept or
        left-out counts: per file, the records read and how many have a problem.
        """
        if self.ok:
            return files_frame(self.files)
        problems: dict[str, int] = {}
        for p in self.problems:
            problems[p.file] = problems.get(p.file, 0) + p.count
        return pd.DataFrame(
            [
                {
                    "file": f.name,
                    "role": f.role,
                    "read": f.read,
                    "records with problems": problems.get(f.name, 0),
                }
                for f in self.files
            ],
            columns=["file", "role", "read", "records with problems"],
        )


def files_frame(files: tuple[FileSummary, ...]) -> pd.DataFrame:
    """Per-file counts as a frame, drop reasons as columns (0 where a file has none)."""
    reasons = sorted({r for f in files for r in f.dropped})
    rows = [
        {"file": f.name, "role": f.role, "read": f.read, "kept": f.kept}
        | {r: int(f.dropped.get(r, 0)) for r in reasons}
        for f in files
    ]
    return pd.DataFrame(rows, columns=["file", "role", "read", "kept", *reasons])
