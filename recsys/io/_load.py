"""Write validated staging tables into the canonical tables of the warehouse.

Users are matched on their pseudonym; artists and tracks on their source ids (MusicBrainz,
Spotify, hetrec) where the source has them and on their normalised name otherwise, through
``item_keys``; free tags are classified by :mod:`recsys.tags` into canonical genres (matched on
their normalised name), facets and opinions, and artist attributes are inferred from the facets.
Exact duplicate plays — within the import or already in the warehouse — are recognised and
counted, so importing the same data twice adds nothing.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Final

import duckdb

from recsys import sql
from recsys.io._report import ProgressFn
from recsys.tags import classify_staged, inference_params

__all__ = [
    "LOAD_TABLES",
    "Loaded",
    "dataset_id_for",
    "last_user_id",
    "listeners",
    "load",
    "record_dataset",
]

log = logging.getLogger(__name__)

LOAD_TABLES: Final = (
    "users",
    "artists",
    "tracks",
    "genres",
    "artist_genres",
    "artist_tags",
    "artist_attributes_inferred",
    "listens",
    "play_counts",
    "friends",
)
"""Canonical tables an import adds rows to."""

_Step = str | Callable[[duckdb.DuckDBPyConnection], None]
"""A statement's name, or a function run on the connection between statements."""

_STEPS: Final[tuple[tuple[str, tuple[_Step, ...]], ...]] = (
    ("adding users", ("import/load/users_new", "import/load/users_fill")),
    (
        "resolving artists",
        (
            "import/load/artist_src",
            "import/load/artist_new",
            "import/load/artist_insert",
            "import/load/artist_keys",
            "import/load/artist_map",
        ),
    ),
    (
        "resolving tracks",
        (
            "import/load/track_src",
            "import/load/track_new",
            "import/load/track_insert",
            "import/load/track_keys",
            "import/load/track_map",
        ),
    ),
    ("finding duplicate plays", ("import/load/listen_new",)),
    ("writing plays", ("import/load/listen_insert",)),
    ("writing play counts", ("import/load/count_new", "import/load/count_insert")),
    (
        "writing genres and tags",
        (
            "import/load/tag_src",
            classify_staged,
            "import/load/genre_parents",
            "import/load/genre_insert",
            "import/load/artist_genres",
            "import/load/artist_tags",
        ),
    ),
    (
        "inferring artist attributes from tags",
        ("import/load/attributes_clear", "import/load/attributes_inferred"),
    ),
    ("writing friends", ("import/load/friend_new", "import/load/friend_insert")),
)
_TAGGED: Final = (
    "import/load/listen_insert",
    "import/load/count_insert",
    "import/load/friend_insert",
)
"""Statements that tag the rows they add with the import's ``$dataset_id``."""
_STATS: Final = ("import/load/listen_stats", "import/load/count_stats", "import/load/friend_stats")


class Loaded(dict[int, dict[str, int]]):
    """Per file number: ``duplicate`` and ``already imported`` counts from de-duplication."""


def load(
    con: duckdb.DuckDBPyConnection,
    *,
    source: str,
    dataset_id: int,
    progress: ProgressFn | None = None,
    span: tuple[float, float] = (0.0, 1.0),
) -> Loaded:
    """Add the staged data to the canonical tables of the warehouse on ``con``.

    Args:
        con: a read-write connection holding the staging tables.
        source: the value of ``listens.source`` (the input format).
        dataset_id: the import's dataset (see :func:`dataset_id_for`), set on every play,
            play count and friendship it adds.
        progress: called with (step, fraction).
        span: the fractions of the whole import that loading covers.

    Returns:
        Per file number, how many records were exact duplicates within the import and how
        many the warehouse already held.
    """
    lo, hi = span
    for i, (step, statements) in enumerate(_STEPS):
        if progress is not None:
            progress(step, lo + (hi - lo) * i / len(_STEPS))
        for name in statements:
            started = time.perf_counter()
            if callable(name):
                name(con)
                log.debug("%s took %.2f s", name.__name__, time.perf_counter() - started)
                continue
            params: dict[str, object] = {"dataset_id": dataset_id} if name in _TAGGED else {}
            if name == "import/load/listen_insert":
                params["source"] = source
            elif name == "import/load/attributes_inferred":
                params.update(inference_params())
            con.execute(sql.load(name), params)
            log.debug("%s took %.2f s", name, time.perf_counter() - started)
    loaded = Loaded()
    for name in _STATS:
        for file_no, duplicate, already in con.execute(sql.load(name)).fetchall():
            counts = loaded.setdefault(int(file_no), {})
            counts["duplicate"] = counts.get("duplicate", 0) + int(duplicate)
            counts["already imported"] = counts.get("already imported", 0) + int(already)
    return loaded


def record_dataset(
    con: duckdb.DuckDBPyConnection,
    *,
    name: str,
    grain: str,
    source_format: str,
    added: Mapping[str, int],
    content_hash: str,
    dataset_id: int,
) -> bool:
    """Add the import's row to ``datasets``; False when that content was imported before."""
    row = con.execute(
        sql.load("import/load/dataset_seen"), {"content_hash": content_hash}
    ).fetchone()
    if row and row[0]:
        return False
    con.execute(
        sql.load("import/load/dataset"),
        {
            "name": name,
            "grain": grain,
            "imported_at": datetime.now(UTC).replace(tzinfo=None),
            "source_format": source_format,
            "row_counts": json.dumps(dict(added)),
            "content_hash": content_hash,
            "dataset_id": dataset_id,
        },
    )
    return True


def dataset_id_for(con: duckdb.DuckDBPyConnection, content_hash: str) -> int:
    """The ``dataset_id`` of an import: that of the same content imported before, else new."""
    rows = con.execute(
        sql.load("import/load/dataset_id"), {"content_hash": content_hash}
    ).fetchall()
    return int(rows[0][0])


def last_user_id(con: duckdb.DuckDBPyConnection) -> int:
    """The highest ``user_id`` in the warehouse (0 when it has none)."""
    row = con.execute(sql.load("import/load/last_user_id")).fetchone()
    return int(row[0]) if row else 0


def listeners(
    con: duckdb.DuckDBPyConnection, last_before: int
) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """After :func:`load`: the ``user_id`` of every user the import names, and of the new ones.

    Args:
        con: the connection holding the staging tables and the loaded warehouse.
        last_before: :func:`last_user_id` before the load.
    """
    rows = con.execute(sql.load("import/load/listeners"), {"last_user_id": last_before}).fetchall()
    return tuple(int(u) for u, _ in rows), tuple(int(u) for u, new in rows if new)
