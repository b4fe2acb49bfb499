"""Where JSON text stops being JSON: the record, line and column of a syntax error.

DuckDB's message for malformed JSON counts records from the one after the break and gives a
byte offset from the start of that record, not of the file. When it reports one, the text is
parsed again here with Python's parser — a JSON array element by element, JSON lines one by
one — to find the record that breaks and the line and column of the break, counted from the
start of the file. Reading the file is the caller's (:mod:`recsys.io._text`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

__all__ = ["Break", "array_break", "lines_break"]

_WS: Final = re.compile(r"[ \t\r\n]*")
_DECODER: Final = json.JSONDecoder()


@dataclass(frozen=True)
class Break:
    """A JSON syntax error.

    Attributes:
        record: the array element (from 1) that breaks; None for JSON lines, or for an array
            that ends without ``]`` after a complete element.
        line: the line of the break, from 1, counted from the start of the file.
        column: the column of the break within that line, from 1 (characters).
    """

    record: int | None
    line: int
    column: int


def _skip(text: str, i: int) -> int:
    """The first position from ``i`` that is not JSON white space."""
    m = _WS.match(text, i)
    return m.end() if m else i


def _at(text: str, pos: int, record: int | None, first_line: int = 1) -> Break:
    line = first_line + text.count("\n", 0, pos)
    return Break(record, line, pos - text.rfind("\n", 0, pos))


def _error_pos(text: str, exc: json.JSONDecodeError) -> int:
    """Where the data breaks; for a string that never ends, where the text ends."""
    return len(text) if exc.msg.startswith("Unterminated string") else exc.pos


def array_break(text: str) -> Break | None:
    """The first syntax error of text holding one JSON array, or None if Python reads it.

    A missing comma between two elements is the break of the element after it; an array that
    ends without ``]`` after a complete element breaks at the end of the text (no record).
    """
    i = _skip(text, 0)
    if not text.startswith("[", i):
        return None
    i = _skip(text, i + 1)
    if text.startswith("]", i):
        return None
    record = 0
    while True:
        record += 1
        try:
            _, end = _DECODER.raw_decode(text, i)
        except json.JSONDecodeError as exc:
            return _at(text, _error_pos(text, exc), record)
        i = _skip(text, end)
        if i >= len(text):
            return _at(text, len(text), None)
        if text[i] == "]":
            return None
        if text[i] != ",":
            return _at(text, i, record + 1)
        i = _skip(text, i + 1)
        if i >= len(text):  # a trailing comma at the very end: DuckDB reads it, so do we
            return None


def lines_break(lines: Iterable[tuple[int, str]]) -> Break | None:
    """The first of ``(line number, text)`` that is not blank and not one JSON value."""
    for number, line in lines:
        text = line.rstrip("\r\n")
        if not text.strip():
            continue
        try:
            json.loads(text)
        except json.JSONDecodeError as exc:
            return _at(text, _error_pos(text, exc), None, first_line=number)
    return None
