"""Generic CSV, TSV and Parquet files of plays, with a column mapping.

The file's header gives the column names; the mapping says which column plays which role. The
columns are read as text under their role names — DuckDB's ``columns=`` list is positional, so
mapped columns get their role name and the rest ``_skip<i>`` — and then parsed by one SQL
statement, so bad values are reported with the file's own column name.

A ``genre`` column holds one or several free tags per row, separated by any character of the
mapping's ``genre_sep`` (``;``, ``|`` or ``,`` by default). The tags go with the play or play
count they sit on, and ``import/derive/tags_from_plays`` makes each kept row one application of
each of its tags, the same staging hetrec's tagging and ListenBrainz's tags reach; the load
step then sorts them into canonical genres, facets, opinions and unknown tags (docs/tags.md).
"""

from __future__ import annotations

import csv
import re
from pathlib import Path, PurePosixPath
from typing import Final

import duckdb

from recsys import sql
from recsys.io._options import ROLES, CsvMapping, Options
from recsys.io._report import ImportDataError, Problem
from recsys.io._stage import Stager
from recsys.io._text import check_text, is_invalid_utf8, problem_from_duckdb, to_utf8
from recsys.io._zipsafe import Found
from recsys.io.formats._base import FileFormat

__all__ = ["FORMAT", "GRAIN", "NAME", "stage", "wanted"]

NAME: Final = "csv"
GRAIN: Final = "track"
"""The default; a mapping with a ``plays`` column makes the dataset artist grain."""

_SUFFIXES: Final = (".csv", ".tsv", ".txt", ".parquet")
_ALIAS: Final = re.compile(r"(" + "|".join(ROLES) + r"|_skip\d+)")
_MS = "a whole number of milliseconds from 0 to 2,147,483,647"
_MBID = "a MusicBrainz id (a 36-character UUID) or nothing"


def wanted(relpath: str) -> bool:
    """CSV, TSV, text and Parquet files."""
    return PurePosixPath(relpath).suffix.lower() in _SUFFIXES


def _expectations(mapping: CsvMapping) -> dict[str, str]:
    ts = {
        "iso": f"an ISO-8601 time such as 2024-01-31T18:05:00Z (in {mapping.timezone} "
        "when it has no offset)",
        "epoch_s": "a Unix time in seconds",
        "epoch_ms": "a Unix time in milliseconds",
        "format": f"a time in the format {mapping.ts_format} ({mapping.timezone})",
    }[mapping.ts_mode]
    return {
        "user": "a user id",
        "ts": ts,
        "ms_played": _MS,
        "duration_ms": _MS,
        "skipped": "true or false (also 1/0, yes/no)",
        "artist_mbid": _MBID,
        "track_mbid": _MBID,
        "plays": "a whole number of plays, 0 or more",
    }


def _header(path: Path, delimiter: str, quote: str) -> list[str]:
    """The names in the first line of a delimited text file."""
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.reader(
            fh,
            delimiter=delimiter,
            quotechar=quote or None,
            quoting=csv.QUOTE_MINIMAL if quote else csv.QUOTE_NONE,
        )
        return [name.strip() for name in next(reader, [])]


def _positions(found: Found, names: list[str], mapping: CsvMapping) -> dict[int, str]:
    """Column index → role, matching names exactly, else ignoring case and spaces."""
    folded = [n.strip().casefold() for n in names]
    out: dict[int, str] = {}
    for role, column in mapping.columns.items():
        if column in names:
            out[names.index(column)] = role
        elif column.strip().casefold() in folded:
            out[folded.index(column.strip().casefold())] = role
        else:
            shown = ", ".join(repr(n) for n in names[:30]) or "no header"
            raise ImportDataError(
                [
                    Problem(
                        found.display,
                        f"a column named {column!r} (mapped to {role}); the file has {shown}",
                        line=1 if found.path.suffix.lower() != ".parquet" else None,
                        field=column,
                        kind="missing",
                    )
                ]
            )
    return out


def _read_text_file(st: Stager, found: Found, mapping: CsvMapping, labels: dict[str, str]) -> None:
    if (problem := check_text(found.path, found.display)) is not None:
        raise ImportDataError([problem])
    path = found.path
    try:
        dialect = _sniff(st.con, path, mapping.delimiter)
    except (duckdb.Error, UnicodeDecodeError) as exc:
        if isinstance(exc, duckdb.Error) and not is_invalid_utf8(exc):
            raise ImportDataError(
                [
                    problem_from_duckdb(
                        exc,
                        found.display,
                        path,
                        "a delimited text file with a header line",
                        line_based=True,
                    )
                ]
            ) from exc
        path = to_utf8(path, st.workdir / f"utf8-sniff-{len(st.files)}{path.suffix}")
        dialect = _sniff(st.con, path, mapping.delimiter)
    delimiter, quote, escape = dialect
    names = _header(path, delimiter, quote)
    roles = _positions(found, names, mapping)
    columns = {roles.get(i, f"_skip{i}"): "VARCHAR" for i in range(len(names))}
    st.read(
        "import/formats/csv/read",
        Found(path, found.display, found.relpath),
        role="plays",
        table="g_raw",
        kind="csv",
        header_lines=1,
        expectations=_expectations(mapping),
        labels=labels,
        columns=tuple(names),
        params={"delim": delimiter, "quote": quote, "escape": escape, "columns": columns},
        shape="a line of the mapped columns",
    )


def _sniff(
    con: duckdb.DuckDBPyConnection, path: Path, delimiter: str | None
) -> tuple[str, str, str]:
    """(delimiter, quote, escape) as DuckDB's sniffer finds them ('' for none)."""
    if delimiter is None:
        row = con.execute(sql.load("import/formats/csv/sniff"), {"path": str(path)}).fetchone()
    else:
        row = con.execute(
            sql.load("import/formats/csv/sniff_delim"), {"path": str(path), "delim": delimiter}
        ).fetchone()
    assert row is not None

    def clean(value: object) -> str:
        text = str(value or "")
        return "" if text in ("(empty)", "\\0", "\x00") else text

    return clean(row[0]) or ",", clean(row[1]), clean(row[2])


def _read_parquet(st: Stager, found: Found, mapping: CsvMapping, labels: dict[str, str]) -> None:
    try:
        names = [
            str(r[0])
            for r in st.con.execute(
                sql.load("import/formats/csv/parquet_columns"), {"path": str(found.path)}
            ).fetchall()
        ]
    except duckdb.Error as exc:
        raise ImportDataError(
            [
                problem_from_duckdb(
                    exc, found.display, found.path, "a Parquet file", line_based=False
                )
            ]
        ) from exc
    roles = _positions(found, names, mapping)
    aliases = [roles.get(i, f"_skip{i}") for i in range(max(roles) + 1)]
    if not all(_ALIAS.fullmatch(a) for a in aliases):  # role names and placeholders only
        raise ValueError(f"unexpected column alias in {aliases}")
    text = sql.load("import/formats/csv/parquet_read").replace(
        "/*ALIASES*/", ", ".join(f'"{a}"' for a in aliases)
    )
    st.read(
        "import/formats/csv/parquet_read",
        found,
        role="plays",
        table="g_raw",
        kind="parquet",
        line_based=False,
        expectations=_expectations(mapping),
        labels=labels,
        shape="a row of the mapped columns",
        sql_text=text,
    )


def stage(st: Stager, files: list[Found], options: Options) -> None:
    """Stage every file with the mapping, then parse the rows into plays or play counts, and
    the tags of a mapped genre column into ``imp_tags``."""
    mapping = options.mapping
    if mapping is None:
        raise ImportDataError(
            [
                Problem(
                    st.source,
                    "a column mapping (--mapping FILE.toml or --col ROLE=COLUMN, "
                    "e.g. --col ts=played_at)",
                    kind="structure",
                    found="no mapping",
                )
            ]
        )
    try:
        st.con.execute(sql.load("import/formats/csv/check_timezone"), {"tz": mapping.timezone})
    except duckdb.Error as exc:
        raise ImportDataError(
            [
                Problem(
                    "column mapping",
                    "an IANA time zone such as Europe/Berlin",
                    field="timezone",
                    found=mapping.timezone,
                )
            ]
        ) from exc
    has_user = "user" in mapping.columns
    if mapping.grain == "artist" and not has_user and not options.user:
        raise ImportDataError(
            [
                Problem(
                    "column mapping",
                    "a 'user' column or a user id (--user) for aggregate counts",
                    field="user",
                    kind="missing",
                )
            ]
        )
    labels = {role: column for role, column in mapping.columns.items()}
    if not files:
        raise ImportDataError(
            [
                Problem(
                    st.source,
                    "CSV, TSV or Parquet files",
                    kind="structure",
                    found="no such file",
                )
            ]
        )
    for found in files:
        if found.path.suffix.lower() == ".parquet":
            _read_parquet(st, found, mapping, labels)
        else:
            _read_text_file(st, found, mapping, labels)
    table = "imp_counts" if mapping.grain == "artist" else "imp_plays"
    for staged in st.files:
        staged.table = table
    st.run("import/formats/csv/split_tags")
    st.run(
        "import/formats/csv/counts" if table == "imp_counts" else "import/formats/csv/plays",
        {
            "salt": st.salt,
            "has_user": has_user,
            "user_pseudonym": st.pseudonym(options.user) if options.user else None,
            "genre_seps": mapping.genre_sep,
            **(
                {}
                if table == "imp_counts"
                else {
                    "ts_mode": mapping.ts_mode,
                    "ts_format": mapping.ts_format if mapping.ts_mode == "format" else "%Y",
                    "timezone": mapping.timezone,
                    "ts_is_end": mapping.ts_is_end,
                }
            ),
        },
    )
    if table == "imp_plays":
        st.run("import/derive/fallback_user", {"salt": st.salt, "fmt": NAME})
    if "genre" in mapping.columns:
        st.run("import/derive/tags_from_plays")


FORMAT: Final = FileFormat(
    name=NAME,
    grain=GRAIN,
    label="CSV, TSV or Parquet with a column mapping",
    hint="Upload CSV, TSV or Parquet files whose header names the columns below.",
    patterns=tuple(f"*{suffix}" for suffix in _SUFFIXES),
    select=wanted,
    staging=stage,
    takes_mapping=True,
)
"""Any CSV, TSV or Parquet file of plays or play counts, read through a column mapping."""
