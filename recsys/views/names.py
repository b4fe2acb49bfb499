"""Names beside ids: a page shows which track, artist or genre a row is about, not a number.

:func:`with_names` takes a small frame (a page of rows, a top-k list) and inserts a name column
right after each id column it is asked to name, looked up in the warehouse by the ids present.
The ids stay, so a row can still be found with SQL; a name a warehouse lacks is left empty.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final, Literal

import duckdb
import pandas as pd

from recsys import sql

__all__ = ["NAME_DESCRIPTIONS", "NameOf", "with_names"]

NameOf = Literal["track", "artist", "genre", "parent_genre"]
"""What an id column names: a track (its title and artist), an artist, a genre, a parent genre."""

NAME_DESCRIPTIONS: Final = {
    "track": "The track's title (from tracks).",
    "artist": "The artist's name (from artists).",
    "genre": "The genre's name (from genres).",
    "parent_genre": "The parent genre's name (from genres).",
}
"""What each name column holds, for column help."""


def with_names(
    con: duckdb.DuckDBPyConnection, frame: pd.DataFrame, ids: dict[str, NameOf]
) -> pd.DataFrame:
    """The frame with name columns inserted after the id columns in ``ids``.

    Args:
        con: warehouse connection.
        frame: rows to name; its order and its columns are kept.
        ids: id column -> what it names. ``"track"`` adds ``track`` and ``artist``; ``"artist"``
            adds ``artist``; ``"genre"`` adds ``genre``; ``"parent_genre"`` adds
            ``parent_genre``. Id columns the frame lacks are skipped.

    Returns:
        A new frame; ids without a match in the warehouse get empty names.
    """
    out = frame.reset_index(drop=True)
    for column, kind in ids.items():
        if column not in out.columns:
            continue
        names = _lookup(con, kind, _ids(out[column]))
        added = [c for c in names.columns if c != "id" and c not in out.columns]
        looked_up = out[[column]].merge(
            names[["id", *added]], how="left", left_on=column, right_on="id"
        )
        at = out.columns.get_loc(column) + 1
        for offset, name in enumerate(added):
            out.insert(int(at) + offset, name, looked_up[name].to_numpy())
    return out


def _ids(values: pd.Series) -> list[int]:
    return sorted({int(v) for v in values.dropna()})


def _lookup(con: duckdb.DuckDBPyConnection, kind: NameOf, ids: Sequence[int]) -> pd.DataFrame:
    """Names of ``ids`` as a frame with an ``id`` column and the name columns of ``kind``."""
    renamed: dict[str, str] = {}
    if kind == "track":
        query, key = sql.load("browse/track_names"), "track_id"
    elif kind == "artist":
        query, key = sql.load("browse/artist_names"), "artist_id"
    elif kind == "genre":
        query, key = sql.load("browse/genre_names"), "genre_id"
    elif kind == "parent_genre":
        query, key = sql.load("browse/genre_names"), "genre_id"
        renamed = {"genre": "parent_genre"}
    else:
        raise ValueError(f"cannot name {kind!r}; use track, artist, genre or parent_genre")
    frame = con.execute(query, {"ids": list(ids)}).df() if ids else None
    if frame is None:
        columns = {"track": ["track", "artist"], "artist": ["artist"]}.get(kind, ["genre"])
        frame = pd.DataFrame({key: pd.Series(dtype="int64"), **{c: [] for c in columns}})
    return frame.rename(columns={key: "id", **renamed})
