"""Import options: the column mapping of generic files, and who the plays belong to."""

from __future__ import annotations

import json
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final

from recsys.errors import DataError

__all__ = ["GENRE_SEP", "ROLES", "CsvMapping", "Options", "load_mapping"]

ROLES: Final = (
    "user",
    "ts",
    "artist",
    "track",
    "album",
    "ms_played",
    "skipped",
    "artist_mbid",
    "track_mbid",
    "duration_ms",
    "plays",
    "genre",
)
"""What a column of a generic file can be mapped to."""

_OPTIONS: Final = ("ts_format", "timezone", "ts_is_end", "delimiter", "genre_sep")
_TS_MODES: Final = ("iso", "epoch_s", "epoch_ms")

GENRE_SEP: Final = ";|,"
"""The characters that separate the tags of one genre cell unless the mapping says otherwise."""


@dataclass(frozen=True)
class CsvMapping:
    """How the columns of a CSV, TSV or Parquet file map onto plays.

    Attributes:
        columns: role (see :data:`ROLES`) → column name in the file. ``artist`` is required;
            plays with times need ``ts`` and ``track``; aggregate counts need ``plays``.
        ts_format: ``iso`` (ISO 8601, with or without an offset), ``epoch_s``, ``epoch_ms``, or
            a strptime pattern such as ``%d/%m/%Y %H:%M``.
        timezone: the zone of times written without an offset (an IANA name).
        ts_is_end: the time is the end of the play (then ``ms_played`` is subtracted).
        delimiter: the field delimiter; None lets DuckDB's sniffer find it.
        genre_sep: the characters that separate tags within one ``genre`` cell (each of them
            splits: ``";|,"`` reads ``Hip-Hop; dnb|80s`` as three tags). A cell written as a
            list (``[rock, pop]``, ``["rock", "pop"]``, a Parquet list) is read as its items.
    """

    columns: Mapping[str, str]
    ts_format: str = "iso"
    timezone: str = "UTC"
    ts_is_end: bool = False
    delimiter: str | None = None
    genre_sep: str = GENRE_SEP

    def __post_init__(self) -> None:
        object.__setattr__(self, "columns", MappingProxyType(dict(self.columns)))
        unknown = sorted(set(self.columns) - set(ROLES))
        if unknown:
            raise DataError(
                f"column mapping: unknown role(s) {', '.join(unknown)}; "
                f"expected some of {', '.join(ROLES)}"
            )
        if "artist" not in self.columns:
            raise DataError("column mapping: 'artist' is required (e.g. --col artist=Artist)")
        if "plays" in self.columns and "ts" in self.columns:
            raise DataError(
                "column mapping: map either 'ts' (one row per play) or 'plays' "
                "(aggregate counts), not both"
            )
        if "plays" not in self.columns and not {"ts", "track"} <= set(self.columns):
            raise DataError(
                "column mapping: plays need 'ts' and 'track' "
                "(or map 'plays' for aggregate counts per artist)"
            )
        if "%z" in self.ts_format or "%Z" in self.ts_format:
            raise DataError(
                "column mapping: ts_format must not contain %z or %Z; "
                "use ts_format = 'iso' for times with an offset"
            )
        if self.ts_format not in _TS_MODES and "%" not in self.ts_format:
            raise DataError(
                f"column mapping: ts_format {self.ts_format!r} is not one of "
                f"{', '.join(_TS_MODES)} or a strptime pattern"
            )
        if self.ts_is_end and "ms_played" not in self.columns:
            raise DataError("column mapping: ts_is_end needs 'ms_played'")
        if self.delimiter is not None and len(self.delimiter) != 1:
            raise DataError(
                f"column mapping: delimiter must be one character, not {self.delimiter!r}"
            )
        if not self.genre_sep or any(c.isalnum() or c.isspace() for c in self.genre_sep):
            raise DataError(
                f"column mapping: genre_sep must be one or more punctuation characters such as "
                f"';' or '|', not {self.genre_sep!r}"
            )

    @property
    def grain(self) -> str:
        """``artist`` for aggregate counts, ``track`` for plays."""
        return "artist" if "plays" in self.columns else "track"

    @property
    def ts_mode(self) -> str:
        """``iso``, ``epoch_s``, ``epoch_ms`` or ``format``."""
        return self.ts_format if self.ts_format in _TS_MODES else "format"

    def to_json(self) -> str:
        """A canonical JSON form (part of the import's content hash).

        ``genre_sep`` is part of it only when a ``genre`` column is mapped, so a mapping without
        one hashes as it did before the role existed.
        """
        form: dict[str, Any] = {
            "columns": dict(sorted(self.columns.items())),
            "ts_format": self.ts_format,
            "timezone": self.timezone,
            "ts_is_end": self.ts_is_end,
            "delimiter": self.delimiter,
        }
        if "genre" in self.columns:
            form["genre_sep"] = self.genre_sep
        return json.dumps(form, sort_keys=True)


@dataclass(frozen=True)
class Options:
    """Options of one import.

    Attributes:
        user: a source user id for exports that are one person's (Spotify, a ListenBrainz
            export, a generic file without a user column); pseudonymised like any other.
        mapping: the column mapping of a generic file.
    """

    user: str | None = None
    mapping: CsvMapping | None = field(default=None)


def load_mapping(path: Path | None = None, overrides: Sequence[str] = ()) -> CsvMapping:
    """A mapping from a TOML file and/or ``role=column`` overrides (the CLI's ``--col``).

    The TOML file has a ``[columns]`` table (role = "column name") and, at the top level or
    in an ``[options]`` table, ``ts_format``, ``timezone``, ``ts_is_end``, ``delimiter`` and
    ``genre_sep``.
    An override whose key is an option name sets that option.

    Raises:
        DataError: the file cannot be read, or an override is not ``key=value``.
    """
    data: dict[str, Any] = {}
    if path is not None:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8-sig"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise DataError(f"{path}: not a readable TOML mapping: {exc}") from exc
    columns = {str(k): str(v) for k, v in dict(data.get("columns", {})).items()}
    options = {k: v for k, v in data.items() if k in _OPTIONS}
    options |= {k: v for k, v in dict(data.get("options", {})).items() if k in _OPTIONS}
    for item in overrides:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise DataError(f"--col {item!r}: expected ROLE=COLUMN, e.g. ts=played_at")
        key = key.strip()
        if key in _OPTIONS:
            options[key] = value.lower() in ("1", "true", "yes") if key == "ts_is_end" else value
        else:
            columns[key] = value
    return CsvMapping(columns=columns, **options)
