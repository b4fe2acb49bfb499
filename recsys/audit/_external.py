"""External recommendation lists: read, validate and map to the warehouse's ids.

A list is a CSV (or TSV) or Parquet file with a row per recommendation: ``user``, ``item``,
``rank`` (1 is the top) and optionally ``score``. With ``ids="warehouse"`` the ids are
Soundcheck's own (``users.user_id``; ``tracks.track_id`` or ``artists.artist_id`` at the run's
grain). With ``ids="source"`` they are the ids the source system knows and are mapped the way
an import maps them: a user id becomes its salted pseudonym for the import format it came
from, an item is found by its source key (``spotify:<id>``, a Spotify track URI, a MusicBrainz
id, ``hetrec:<id>``) or, in files with ``artist`` (and ``track``) columns instead of ``item``,
by its normalised names. A malformed list is refused with the file, the row and the field.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final, Literal

import duckdb
import numpy as np
import pandas as pd

from recsys import sql, warehouse
from recsys.errors import DataError
from recsys.schema import Grain

__all__ = ["IdKind", "read_external"]

IdKind = Literal["warehouse", "source"]
_ALIASES: Final = {"user_id": "user", "item_id": "item", "position": "rank"}


def _read(path: Path) -> pd.DataFrame:
    if not path.is_file():
        raise DataError(f"{path}: no such file")
    try:
        if path.suffix.lower() in (".parquet", ".pq"):
            frame = pd.read_parquet(path)
        else:
            sep = "\t" if path.suffix.lower() == ".tsv" else ","
            frame = pd.read_csv(
                path, sep=sep, dtype=str, keep_default_na=False, encoding="utf-8-sig"
            )
    except (ValueError, OSError, UnicodeDecodeError) as exc:
        raise DataError(f"{path}: not a readable CSV or Parquet file ({exc})") from exc
    frame.columns = [_ALIASES.get(str(c).strip().lower(), str(c).strip().lower()) for c in frame]
    return frame


def _fail(path: Path, rows: np.ndarray, field: str, what: str, values: pd.Series) -> None:
    """Raise for the first bad row (rows: boolean mask, 0-based); rows count from 1."""
    bad = np.flatnonzero(rows)
    if len(bad):
        i = int(bad[0])
        more = f" ({len(bad) - 1:,} more rows like it)" if len(bad) > 1 else ""
        raise DataError(
            f"{path}: row {i + 1}: field {field}: {what}, got {str(values.iloc[i])!r}{more}"
        )


def _text(frame: pd.DataFrame, col: str) -> pd.Series:
    return frame[col].astype(str).str.strip().where(frame[col].notna(), "")


def _whole(path: Path, frame: pd.DataFrame, col: str, what: str, minimum: int) -> np.ndarray:
    raw = _text(frame, col)
    num = pd.to_numeric(raw, errors="coerce")
    ok = num.notna() & (num == np.floor(num)) & (num >= minimum)
    _fail(path, ~ok.to_numpy(), col, what, raw)
    return num.to_numpy(dtype=np.int64)


def read_external(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    grain: Grain,
    *,
    ids: IdKind = "warehouse",
    source_format: str | None = None,
) -> pd.DataFrame:
    """Read and validate an external list; returns ``user_id, item_id, rank[, score]``.

    Raises:
        DataError: the file is unreadable, a column is missing, a field is malformed, an id is
            unknown to the warehouse, or a listener has an item or a rank twice; the message
            names the file, the row (from 1, the header not counted) and the field.
    """
    frame = _read(path)
    item_cols = ("item",) if ids == "warehouse" or "item" in frame else ("artist",)
    missing = [c for c in ("user", *item_cols, "rank") if c not in frame.columns]
    if missing:
        raise DataError(
            f"{path}: missing column(s) {', '.join(missing)}; a list needs user, item, rank "
            "and optionally score"
        )
    if frame.empty:
        raise DataError(f"{path}: the list has no rows")
    rank = _whole(path, frame, "rank", "expected a whole number of at least 1", 1)
    out = pd.DataFrame({"rank": rank})
    if "score" in frame.columns:
        raw = _text(frame, "score")
        score = pd.to_numeric(raw, errors="coerce")
        _fail(path, (score.isna() & (raw != "")).to_numpy(), "score", "expected a number", raw)
        out["score"] = score.to_numpy(dtype=np.float64)
    if ids == "warehouse":
        out["user_id"] = _whole(path, frame, "user", "expected a listener id (whole number)", 0)
        out["item_id"] = _whole(path, frame, "item", "expected an item id (whole number)", 0)
        _check_known(con, path, out, grain, frame)
    else:
        out["user_id"], out["item_id"] = _map_source(con, path, frame, grain, source_format)
    _check_unique(path, out, frame)
    cols = ["user_id", "item_id", "rank"] + (["score"] if "score" in out else [])
    return out[cols]


def _check_known(
    con: duckdb.DuckDBPyConnection, path: Path, out: pd.DataFrame, grain: Grain, frame: pd.DataFrame
) -> None:
    cur = warehouse.cursor(con)
    try:
        cur.register(
            "_ext_ids", out.assign(row_no=np.arange(len(out)))[["row_no", "user_id", "item_id"]]
        )
        known = cur.execute(sql.load("audit/known_ids"), {"grain": grain}).df()
    finally:
        cur.close()
    what = "track" if grain == "track" else "artist"
    _fail(
        path,
        ~known["user_known"].to_numpy(bool),
        "user",
        "no listener of this warehouse has this id",
        _text(frame, "user"),
    )
    _fail(
        path,
        ~known["item_known"].to_numpy(bool),
        "item",
        f"no {what} of this warehouse has this id",
        _text(frame, "item"),
    )


def _map_source(
    con: duckdb.DuckDBPyConnection,
    path: Path,
    frame: pd.DataFrame,
    grain: Grain,
    source_format: str | None,
) -> tuple[np.ndarray, np.ndarray]:
    from recsys.io import FORMATS, pseudonym

    if source_format is None or source_format not in FORMATS:
        raise DataError(
            f"--ids source needs --source-format, the import format the ids come from "
            f"({', '.join(FORMATS)})"
        )
    fmt: str = source_format
    salt = warehouse.get_meta(con, "salt")
    if salt is None or not warehouse.table_exists(con, "item_keys"):
        raise DataError(
            "this warehouse holds no imported data, so it knows no source ids: use --ids warehouse"
        )
    users = _text(frame, "user")
    _fail(path, (users == "").to_numpy(), "user", "expected a source user id", users)
    pseudonyms = pd.DataFrame({"pseudonym": [pseudonym(salt, fmt, u) for u in users.unique()]})
    names = pd.DataFrame({"row_no": np.arange(len(frame))})
    for col in ("item", "artist", "track"):
        names[col] = _text(frame, col).replace("", None) if col in frame else None
    cur = warehouse.cursor(con)
    try:
        for macro in ("import/macros/norm", "import/macros/mbid"):
            cur.execute(sql.load(macro))
        cur.register("_ext_users", pseudonyms)
        known = cur.execute(sql.load("audit/user_pseudonyms")).df()
        cur.register("_ext_items", names)
        items = cur.execute(sql.load("audit/map_source_items"), {"grain": grain}).df()
    finally:
        cur.close()
    by_pseudonym = dict(zip(known["pseudonym"], known["user_id"], strict=True))
    lookup = {u: by_pseudonym.get(pseudonym(salt, fmt, u)) for u in users.unique()}
    user_ids = users.map(lookup)
    _fail(
        path,
        user_ids.isna().to_numpy(),
        "user",
        f"no listener imported from {source_format} has this id",
        users,
    )
    field = "item" if "item" in frame else "artist"
    _fail(
        path,
        items["item_id"].isna().to_numpy(),
        field,
        f"no {grain} of this warehouse matches",
        _text(frame, field),
    )
    return user_ids.to_numpy(dtype=np.int64), items["item_id"].to_numpy(dtype=np.int64)


def _check_unique(path: Path, out: pd.DataFrame, frame: pd.DataFrame) -> None:
    dup_item = out.duplicated(["user_id", "item_id"]).to_numpy()
    _fail(
        path,
        dup_item,
        "item",
        "the listener already has this item earlier in the list",
        _text(frame, "item") if "item" in frame else _text(frame, "artist"),
    )
    dup_rank = out.duplicated(["user_id", "rank"]).to_numpy()
    _fail(
        path,
        dup_rank,
        "rank",
        "the listener already has an item at this rank",
        _text(frame, "rank"),
    )
