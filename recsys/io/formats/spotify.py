"""Spotify: the Extended streaming history and the basic account-data history.

One export is one user. The account is recognised, in order, by the user id given to the import,
the ``username`` of the records (extended history), the ``Userdata.json`` of the export, or —
when the export names no account — by its first play, so that the same export imported twice
lands on the same user. Video files and podcast/audiobook plays are counted and left out.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from typing import Final

from recsys.io._options import Options
from recsys.io._report import ImportDataError, Problem
from recsys.io._stage import Stager
from recsys.io._zipsafe import Found
from recsys.io.formats._base import FileFormat

__all__ = ["FORMAT", "GRAIN", "NAME", "stage", "wanted"]

NAME: Final = "spotify"
GRAIN: Final = "track"

_EXTENDED = re.compile(r"(Streaming_History_Audio_.*|endsong_.*)\.json", re.IGNORECASE)
_VIDEO = re.compile(r"Streaming_History_Video_.*\.json", re.IGNORECASE)
_BASIC = re.compile(r"StreamingHistory.*\.json", re.IGNORECASE)
_BASIC_PODCAST = re.compile(r"StreamingHistory_?podcast.*\.json", re.IGNORECASE)
_USERDATA = "userdata.json"

_TS = "an ISO-8601 UTC time such as 2021-03-15T20:12:45Z (the end of the play)"
_MS = "a whole number of milliseconds from 0 to 2,147,483,647"
EXTENDED_FIELDS: Final = {
    "ts": _TS,
    "ms_played": _MS,
    "skipped": "true, false or null",
}
EXTENDED_SHAPE: Final = (
    "a Spotify extended streaming history record with ts, ms_played, "
    "master_metadata_track_name, master_metadata_album_artist_name, spotify_track_uri"
)
BASIC_FIELDS: Final = {
    "endTime": "a UTC time such as 2021-03-15 20:12 (the end of the play)",
    "msPlayed": _MS,
}
BASIC_SHAPE: Final = (
    "a Spotify streaming history record with endTime, artistName, trackName, msPlayed"
)


def wanted(relpath: str) -> bool:
    """The files of a Spotify export that hold plays, and Userdata.json for the account."""
    name = PurePosixPath(relpath).name
    return (
        bool(_EXTENDED.fullmatch(name) or _VIDEO.fullmatch(name) or _BASIC.fullmatch(name))
        or name.lower() == _USERDATA
    )


def _variant(st: Stager, found: Found) -> str:
    """``extended``, ``video``, ``basic`` or ``basic-podcast``, by name, else by content."""
    name = found.path.name
    if _EXTENDED.fullmatch(name):
        return "extended"
    if _VIDEO.fullmatch(name):
        return "video"
    if _BASIC_PODCAST.fullmatch(name):
        return "basic-podcast"
    if _BASIC.fullmatch(name):
        return "basic"
    try:
        basic = st.scalar("import/formats/spotify/probe", {"path": str(found.path)})
    except Exception:  # unreadable: the real read reports it with file and position
        basic = False
    return "basic" if basic else "extended"


def stage(st: Stager, files: list[Found], options: Options) -> None:
    """Stage every play of the export into ``imp_plays``."""
    userdata = [f for f in files if f.path.name.lower() == _USERDATA]
    plays = [f for f in files if f.path.name.lower() != _USERDATA]
    if not plays:
        raise ImportDataError(
            [
                Problem(
                    st.source,
                    "Spotify streaming history files (Streaming_History_Audio_*.json, "
                    "endsong_*.json or StreamingHistory*.json)",
                    kind="structure",
                    found="no such file",
                )
            ]
        )
    user: str | None = None
    if options.user:
        user = st.pseudonym(options.user)
    elif userdata:
        user = st.scalar(
            "import/formats/spotify/userdata", {"path": str(userdata[0].path), "salt": st.salt}
        )
    for found in plays:
        variant = _variant(st, found)
        drop_all = {"video": "video", "basic-podcast": "podcast"}.get(variant)
        if variant in ("basic", "basic-podcast"):
            st.read(
                "import/formats/spotify/basic",
                found,
                role="plays",
                table="imp_plays",
                kind="json",
                line_based=False,
                expectations=BASIC_FIELDS,
                shape=BASIC_SHAPE,
                params={"user_pseudonym": user, "drop_all": drop_all},
            )
        else:
            st.read(
                "import/formats/spotify/extended",
                found,
                role="plays",
                table="imp_plays",
                kind="json",
                line_based=False,
                expectations=EXTENDED_FIELDS,
                shape=EXTENDED_SHAPE,
                params={
                    "user_pseudonym": user,
                    "force_user": bool(options.user),
                    "drop_all": drop_all,
                },
            )
    st.run("import/derive/fallback_user", {"salt": st.salt, "fmt": NAME})


FORMAT: Final = FileFormat(
    name=NAME,
    grain=GRAIN,
    label="Spotify (extended or basic streaming history)",
    hint="Upload `my_spotify_data.zip`, or the `Streaming_History_Audio_*.json` / "
    "`StreamingHistory*.json` files. Podcasts, audiobooks and videos are counted and left out.",
    patterns=(
        "Streaming_History_Audio_*.json",
        "endsong_*.json",
        "Streaming_History_Video_*.json",
        "StreamingHistory*.json",
        "Userdata.json",
    ),
    select=wanted,
    staging=stage,
    signatures=(
        frozenset({"ts", "ms_played", "master_metadata_track_name"}),
        frozenset({"endTime", "msPlayed"}),
    ),
)
"""Spotify's extended and basic streaming histories."""
