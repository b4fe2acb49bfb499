"""ListenBrainz: a user's export (``listens/<year>/<month>.jsonl`` in a zip) and dump files."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Final

from recsys.io._options import Options
from recsys.io._report import ImportDataError, Problem
from recsys.io._stage import Stager
from recsys.io._zipsafe import Found
from recsys.io.formats._base import FileFormat

__all__ = ["FORMAT", "GRAIN", "NAME", "stage", "wanted"]

NAME: Final = "listenbrainz"
GRAIN: Final = "track"

_NOT_LISTENS: Final = ("feedback.jsonl", "pinned_recording.jsonl", "pinned_recordings.jsonl")
_USER: Final = "user.json"

FIELDS: Final = {
    "listened_at": "a Unix time in seconds such as 1700000000 (the start of the play)",
    "track_metadata": "an object with artist_name and track_name",
    "track_metadata.artist_name": "the artist's name",
    "track_metadata.track_name": "the track's name",
    "track_metadata.additional_info.duration_ms": "a whole number of milliseconds",
}
SHAPE: Final = "a ListenBrainz listen with listened_at and track_metadata"


def wanted(relpath: str) -> bool:
    """Listen files (``*.jsonl`` other than feedback, ``*.listens``) and ``user.json``."""
    name = PurePosixPath(relpath).name.lower()
    if name == _USER:
        return True
    if name in _NOT_LISTENS:
        return False
    return name.endswith((".jsonl", ".listens"))


def stage(st: Stager, files: list[Found], options: Options) -> None:
    """Stage every listen into ``imp_plays``, and the tags they carry into ``imp_tags``."""
    users = [f for f in files if f.path.name.lower() == _USER]
    listens = [f for f in files if f not in users]
    if not listens:
        raise ImportDataError(
            [
                Problem(
                    st.source,
                    "ListenBrainz listen files (listens/<year>/<month>.jsonl or *.listens)",
                    kind="structure",
                    found="no such file",
                )
            ]
        )
    user: str | None = None
    if options.user:
        user = st.pseudonym(options.user)
    elif users:
        user = st.scalar(
            "import/formats/listenbrainz/user", {"path": str(users[0].path), "salt": st.salt}
        )
    for found in listens:
        array = found.path.suffix.lower() == ".json"
        st.read(
            "import/formats/listenbrainz/listens",
            found,
            role="plays",
            table="imp_plays",
            kind="json",
            line_based=not array,
            expectations=FIELDS,
            shape=SHAPE,
            params={
                "json_format": "array" if array else "newline_delimited",
                "user_pseudonym": user,
                "force_user": bool(options.user),
            },
        )
    st.run("import/derive/fallback_user", {"salt": st.salt, "fmt": NAME})
    st.run("import/derive/tags_from_plays")


FORMAT: Final = FileFormat(
    name=NAME,
    grain=GRAIN,
    label="ListenBrainz export or dump",
    hint="Upload the export zip (`listens/<year>/<month>.jsonl`) or `*.listens` dump files.",
    patterns=("*.jsonl", "*.listens", _USER),
    select=wanted,
    staging=stage,
    signatures=(frozenset({"listened_at", "track_metadata"}),),
)
"""ListenBrainz user exports and dump files."""
