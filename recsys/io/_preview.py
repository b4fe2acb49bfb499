"""The preview: what an import would read and every problem in it, without writing anything."""

from __future__ import annotations

import os
import secrets
import tempfile
from pathlib import Path

import duckdb
import pandas as pd

from recsys import sql, warehouse
from recsys.io._api import source_name, summaries
from recsys.io._detect import guess, suggestion
from recsys.io._options import CsvMapping, Options
from recsys.io._report import ImportDataError, Preview, Problem
from recsys.io._stage import Stager
from recsys.io._zipsafe import ZipLimits, find_files
from recsys.io.formats import get

__all__ = ["preview"]


def preview(
    fmt: str,
    source_path: str | os.PathLike[str],
    n: int = 20,
    *,
    mapping: CsvMapping | None = None,
    user: str | None = None,
    limits: ZipLimits | None = None,
    warehouse_path: str | os.PathLike[str] | None = None,
    show_folder: bool = True,
) -> Preview:
    """Read and validate the input without touching any warehouse.

    Args:
        fmt: the name of a format in :data:`recsys.io.formats.FORMATS`.
        source_path: a file, a folder or a zip archive.
        n: how many records to show.
        mapping: the column mapping (formats that take one).
        user: the source user id, for single-user exports that do not name their account.
        limits: what a zip archive must respect.
        warehouse_path: the warehouse an import would write to. Its salt (read, never written)
            makes the pseudonyms shown the ones an import would store; without a warehouse
            there is no salt yet, and no pseudonym is shown.
        show_folder: as for :func:`import_data`.

    Returns:
        The first ``n`` normalised records (users by the first ten characters of their
        pseudonym), every problem found (an import would refuse the input if there is any)
        and per-file counts.

    Raises:
        DataError: the format or the mapping is wrong.
        SchemaError: ``warehouse_path`` is not a Soundcheck warehouse.
    """
    form = get(fmt)
    source = Path(source_path)
    options = Options(user=user, mapping=mapping)
    grain = form.grain_for(options)
    salt = _salt(warehouse_path)
    with tempfile.TemporaryDirectory(prefix="soundcheck-preview-") as tmp:
        src_dir, text_dir = Path(tmp, "src"), Path(tmp, "text")
        src_dir.mkdir()
        text_dir.mkdir()
        con = duckdb.connect(":memory:")
        try:
            st = Stager(
                con,
                fmt=fmt,
                salt=salt or secrets.token_hex(16),
                workdir=text_dir,
                source=source_name(source, show_folder),
            )
            problems: list[Problem] = []
            try:
                found = find_files(
                    source,
                    form.wanted,
                    src_dir,
                    limits or ZipLimits(),
                    show_folder=show_folder,
                )
                form.stage(st, found, options)
                problems = st.problems()
            except ImportDataError as exc:
                problems = list(exc.problems)
            query = (
                sql.load("import/preview/counts")
                if grain == "artist"
                else sql.load("import/preview/plays")
            )
            frame = con.execute(query, {"limit": n}).df()
            files = summaries(st)
        finally:
            con.close()
    names = {f.file_no: f.found.display for f in st.files}
    frame.insert(0, "file", frame.pop("file_no").map(names))
    if salt is None:  # a throw-away salt: its pseudonyms would not be the stored ones
        frame["user"] = pd.Series(pd.NA, index=frame.index, dtype="string")
    better = guess(source, fmt) if problems else None
    return Preview(
        pd.DataFrame(frame),
        tuple(problems),
        files,
        grain,
        suggested_format=better.name if better else None,
        suggestion=suggestion(better) if better else None,
    )


def _salt(path: str | os.PathLike[str] | None) -> str | None:
    """The pseudonymisation salt of the warehouse at ``path``; None if there is none yet."""
    if path is None or not Path(path).is_file():
        return None
    con = warehouse.open_readonly(path)
    try:
        return warehouse.get_meta(con, "salt")
    finally:
        con.close()
