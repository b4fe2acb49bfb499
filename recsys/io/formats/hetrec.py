"""hetrec2011-lastfm-2k: artists, tags, play counts per user and artist, tagging, friends.

Aggregate-only: there are no listening times, so the dataset's grain is ``artist`` and the counts
go to ``play_counts``. Counts and tag applications that name an artist (or tag) missing from
``artists.dat`` (``tags.dat``) are counted and left out.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Final

from recsys.io._options import Options
from recsys.io._report import ImportDataError, Problem
from recsys.io._stage import Stager
from recsys.io._zipsafe import Found
from recsys.io.formats._base import FileFormat

__all__ = ["FORMAT", "GRAIN", "NAME", "stage", "wanted"]

NAME: Final = "hetrec-lastfm"
GRAIN: Final = "artist"

_ID = "a whole number"
# file name -> (statement, role, staging table, field expectations, columns in file order);
# each statement reads the file with sc_read_tsv($path, $columns, true).
_FILES: Final = {
    "artists.dat": (
        "import/formats/hetrec/artists",
        "artists",
        "imp_artists",
        {"id": _ID, "name": "the artist's name"},
        ("id", "name", "url", "pictureURL"),
    ),
    "tags.dat": (
        "import/formats/hetrec/tags",
        "tags",
        "h_tags",
        {"tagID": _ID},
        ("tagID", "tagValue"),
    ),
    "user_artists.dat": (
        "import/formats/hetrec/user_artists",
        "play counts",
        "h_plays",
        {"userID": _ID, "artistID": _ID, "weight": "a whole number of plays, 0 or more"},
        ("userID", "artistID", "weight"),
    ),
    "user_taggedartists.dat": (
        "import/formats/hetrec/tagged",
        "tagging",
        "h_tagged",
        {"userID": _ID, "artistID": _ID, "tagID": _ID},
        ("userID", "artistID", "tagID", "day", "month", "year"),
    ),
    "user_taggedartists-timestamps.dat": (
        "import/formats/hetrec/tagged",
        "tagging",
        "h_tagged",
        {"userID": _ID, "artistID": _ID, "tagID": _ID},
        ("userID", "artistID", "tagID", "timestamp"),
    ),
    "user_friends.dat": (
        "import/formats/hetrec/friends",
        "friends",
        "imp_friends",
        {"userID": _ID, "friendID": _ID},
        ("userID", "friendID"),
    ),
}
_REQUIRED: Final = ("artists.dat", "user_artists.dat")


def wanted(relpath: str) -> bool:
    """The six files of the dataset, wherever they sit in the folder or archive."""
    return PurePosixPath(relpath).name.lower() in _FILES


def stage(st: Stager, files: list[Found], options: Options) -> None:
    """Stage the files, then derive counts, tags and friends from them."""
    by_name = {f.path.name.lower(): f for f in files}
    if "user_taggedartists.dat" in by_name:  # both variants hold the same tagging
        by_name.pop("user_taggedartists-timestamps.dat", None)
    missing = [n for n in _REQUIRED if n not in by_name]
    if missing:
        raise ImportDataError(
            [
                Problem(
                    st.source,
                    "the hetrec2011-lastfm-2k files artists.dat and user_artists.dat",
                    kind="structure",
                    found=f"no {' or '.join(missing)}",
                )
            ]
        )
    for name, (statement, role, table, fields, columns) in _FILES.items():
        if (found := by_name.get(name)) is None:
            continue
        st.read(
            statement,
            found,
            role=role,
            table=table,
            kind="csv",
            header_lines=1,
            expectations=fields,
            columns=columns,
            shape="a tab-separated line: " + ", ".join(columns),
            params={"columns": dict.fromkeys(columns, "VARCHAR")},
        )
    st.run("import/formats/hetrec/drop_plays")
    st.run("import/formats/hetrec/drop_tagged")
    st.run("import/formats/hetrec/counts")
    st.run("import/formats/hetrec/tags_derive")


FORMAT: Final = FileFormat(
    name=NAME,
    grain=GRAIN,
    label="hetrec2011 Last.fm 2K (artist play counts)",
    hint="Upload the dataset's zip or `artists.dat`, `user_artists.dat` and, if you have them, "
    "`tags.dat`, `user_taggedartists.dat` and `user_friends.dat`.",
    patterns=tuple(_FILES),
    select=wanted,
    staging=stage,
    signatures=tuple(frozenset(columns) for *_, columns in _FILES.values()),
)
"""hetrec2011-lastfm-2k (aggregate play counts, artist grain)."""
