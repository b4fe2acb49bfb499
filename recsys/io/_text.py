"""Text-level helpers: encodings, line numbers and DuckDB's read errors in the user's terms.

Real exports are UTF-8, sometimes with a byte-order mark; older datasets are Latin-1, or UTF-8
with stray Latin-1 bytes. DuckDB reads UTF-8 (and skips a BOM); when it finds invalid UTF-8, the
file is transcoded once — valid UTF-8 sequences kept, every other byte read as Latin-1 — into a
temporary copy, streaming, and read again. UTF-16/32 and binary files are refused.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

import duckdb

from recsys.io._json import Break, array_break, lines_break
from recsys.io._report import Problem

__all__ = [
    "check_text",
    "is_invalid_utf8",
    "json_break",
    "line_of_record",
    "problem_from_duckdb",
    "to_utf8",
]

_CHUNK = 1 << 20
_SNIFF = 64 * 1024
_ERRORS = "soundcheck-latin1"
MAX_JSON_REREAD = 256 * 2**20
"""A malformed JSON array larger than this is not read again to locate the break."""


def _latin1_fallback(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    return exc.object[exc.start : exc.end].decode("latin-1"), exc.end


codecs.register_error(_ERRORS, _latin1_fallback)

_BOMS = {
    codecs.BOM_UTF32_LE: "UTF-32",
    codecs.BOM_UTF32_BE: "UTF-32",
    codecs.BOM_UTF16_LE: "UTF-16",
    codecs.BOM_UTF16_BE: "UTF-16",
}


def check_text(path: Path, display: str) -> Problem | None:
    """A problem if the file is not UTF-8 or Latin-1 text (UTF-16/32 or binary), else None."""
    with path.open("rb") as fh:
        head = fh.read(_SNIFF)
    for bom, name in _BOMS.items():  # UTF-32 LE starts like UTF-16 LE: check it first
        if head.startswith(bom):
            return Problem(
                display,
                "UTF-8 or Latin-1 text",
                kind="encoding",
                found=f"{name} text (byte-order mark {bom.hex(' ').upper()})",
            )
    if (nul := head.find(b"\x00")) >= 0:
        return Problem(
            display,
            "UTF-8 or Latin-1 text",
            kind="encoding",
            found=f"binary data (a NUL byte at offset {nul:,})",
        )
    return None


def to_utf8(path: Path, target: Path) -> Path:
    """Stream ``path`` into ``target`` as UTF-8: valid UTF-8 kept, other bytes read as Latin-1.

    A leading byte-order mark is dropped; line ends are kept, so line numbers do not move.
    """
    decoder = codecs.getincrementaldecoder("utf-8")(errors=_ERRORS)
    with path.open("rb") as src, target.open("w", encoding="utf-8", newline="") as dst:
        first = True
        while chunk := src.read(_CHUNK):
            if first and chunk.startswith(codecs.BOM_UTF8):
                chunk = chunk[len(codecs.BOM_UTF8) :]
            first = False
            dst.write(decoder.decode(chunk))
        dst.write(decoder.decode(b"", final=True))
    return target


def line_of_record(path: Path, record: int, header_lines: int = 0) -> int | None:
    """The line of the ``record``-th data line of a line-based file (blank lines skipped)."""
    seen = 0
    with path.open("rb") as fh:
        for number, raw in enumerate(fh, start=1):
            if number <= header_lines or not raw.strip():
                continue
            seen += 1
            if seen == record:
                return number
    return None


def _decode(raw: bytes) -> str:
    """Bytes as text the way an import reads them: UTF-8, other bytes Latin-1, no BOM."""
    return raw.decode("utf-8", errors=_ERRORS).removeprefix("\ufeff")


def json_break(path: Path, unit: str, number: int) -> Break | None:
    """Where a JSON file DuckDB called malformed at ``unit`` ``number`` really breaks.

    Args:
        path: the file.
        unit: ``line`` (JSON lines) or ``record/value`` (a JSON array), as DuckDB says.
        number: DuckDB's line or record number (the one after the break, or later).

    Returns:
        The break, or None when Python's parser finds none (or the array is too large to
        read again).
    """
    if unit == "line":
        first = max(number - 2, 1)
        window: list[tuple[int, str]] = []
        with path.open("rb") as fh:
            for line, raw in enumerate(fh, start=1):
                if line > number:
                    break
                if line >= first:
                    window.append((line, _decode(raw)))
        return lines_break(window)
    if path.stat().st_size > MAX_JSON_REREAD:
        return None
    return array_break(_decode(path.read_bytes()))


def is_invalid_utf8(exc: duckdb.Error) -> bool:
    """Whether DuckDB failed because the file is not valid UTF-8."""
    text = str(exc)
    return "invalid UTF-8" in text or "Invalid unicode" in text or "not utf-8" in text


_MALFORMED = re.compile(
    r"Malformed JSON in file \"[^\"]*\", at byte (\d+) in (line|record/value) (\d+): ([^.\n]*)"
)
_TRANSFORM = re.compile(
    r"JSON transform error in file \"[^\"]*\", in (line|record/value) (\d+): (.*)"
)
_NOT_ARRAY = re.compile(r"Expected top-level JSON array.*first character is '(.)'")
_CSV_LINE = re.compile(r"CSV Error on Line: (\d+)")


def problem_from_duckdb(
    exc: duckdb.Error, display: str, path: Path, expected: str, *, line_based: bool
) -> Problem:
    """Turn DuckDB's error while reading ``path`` into a problem that names file and place."""
    text = str(exc)
    if m := _MALFORMED.search(text):
        unit, number, why = m[2], int(m[3]), m[4].strip()
        found = f"malformed JSON: {why}"
        if (at := json_break(path, unit, number)) is not None:
            return Problem(
                display,
                f"valid JSON ({expected})",
                record=at.record,
                line=at.line,
                column=at.column,
                kind="structure",
                found=found,
            )
        # DuckDB counts from the element (or line) after the break; its byte offset is
        # within that element, so it locates nothing in the file
        before = max(number - 1, 1)
        return Problem(
            display,
            f"valid JSON ({expected})",
            record=None if unit == "line" else before,
            line=before if unit == "line" else None,
            kind="structure",
            found=found,
        )
    if m := _TRANSFORM.search(text):
        number, why = int(m[2]), m[3].strip().splitlines()[0][:120]
        if m[1] == "line":
            return Problem(
                display,
                f"one JSON object per line ({expected})",
                line=number,
                kind="structure",
                found=why,
            )
        return Problem(
            display,
            f"a JSON object for every record ({expected})",
            record=number,
            kind="structure",
            found=why,
        )
    if m := _NOT_ARRAY.search(text):
        return Problem(
            display,
            f"a JSON array [...] ({expected})",
            kind="structure",
            found=f"a file that starts with {m[1]!r}",
        )
    csv_line = _CSV_LINE.search(text)
    at_line = int(csv_line[1]) if csv_line else None
    first = text.splitlines()[0] if text else type(exc).__name__
    if at_line is not None and len(text.splitlines()) > 3:
        first = next((s for s in text.splitlines()[3:] if s.strip()), first)
    return Problem(
        display,
        expected,
        line=at_line if line_based else None,
        kind="structure",
        found=first[:200],
    )
