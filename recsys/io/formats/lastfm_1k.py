"""Last.fm 1K users: the scrobble log and, if present, the user profiles."""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Final

from recsys.io._options import Options
from recsys.io._report import ImportDataError, Problem
from recsys.io._stage import Stager
from recsys.io._zipsafe import Found
from recsys.io.formats._base import FileFormat

__all__ = ["FORMAT", "GRAIN", "NAME", "stage", "wanted"]

NAME: Final = "lastfm-1k"
GRAIN: Final = "track"

PLAYS_FILE: Final = "userid-timestamp-artid-artname-traid-traname.tsv"
PROFILE_FILE: Final = "userid-profile.tsv"

_MBID = "a MusicBrainz id (a 36-character UUID) or nothing"
PLAY_FIELDS: Final = {
    "user_id": "a user id such as user_000001",
    "timestamp": "an ISO-8601 UTC time such as 2009-05-04T23:08:57Z",
    "artist_mbid": _MBID,
    "track_mbid": _MBID,
}
PLAY_COLUMNS: Final = (
    "user_id",
    "timestamp",
    "artist_mbid",
    "artist_name",
    "track_mbid",
    "track_name",
)
PROFILE_FIELDS: Final = {
    "#id": "a user id such as user_000001",
    "gender": "m, f or nothing",
    "age": "a whole number of years or nothing",
    "registered": "a date such as Aug 13, 2006, or nothing",
}
PROFILE_COLUMNS: Final = ("#id", "gender", "age", "country", "registered")


def wanted(relpath: str) -> bool:
    """The scrobble log and the profile file, wherever they sit in the folder or archive."""
    return PurePosixPath(relpath).name.lower() in (PLAYS_FILE, PROFILE_FILE)


def stage(st: Stager, files: list[Found], options: Options) -> None:
    """Stage the scrobbles into ``imp_plays`` and the profiles into ``imp_profiles``."""
    profiles = [f for f in files if "profile" in f.path.name.lower()]
    plays = [f for f in files if f not in profiles]
    if not plays:
        raise ImportDataError(
            [
                Problem(
                    st.source,
                    f"the Last.fm 1K scrobble log {PLAYS_FILE}",
                    kind="structure",
                    found="no such file",
                )
            ]
        )
    for found in plays:
        st.read(
            "import/formats/lastfm_1k/plays",
            found,
            role="plays",
            table="imp_plays",
            kind="csv",
            expectations=PLAY_FIELDS,
            columns=PLAY_COLUMNS,
            shape="a tab-separated line: " + ", ".join(PLAY_COLUMNS),
        )
    for found in profiles:
        st.read(
            "import/formats/lastfm_1k/profiles",
            found,
            role="profiles",
            table="imp_profiles",
            kind="csv",
            header_lines=1,
            expectations=PROFILE_FIELDS,
            labels={"id": "#id"},
            columns=PROFILE_COLUMNS,
            shape="a tab-separated line: " + ", ".join(PROFILE_COLUMNS),
        )


FORMAT: Final = FileFormat(
    name=NAME,
    grain=GRAIN,
    label="Last.fm 1K users dataset",
    hint=f"Upload the dataset's zip or `{PLAYS_FILE}` (and `{PROFILE_FILE}`).",
    patterns=(PLAYS_FILE, PROFILE_FILE),
    select=wanted,
    staging=stage,
    signatures=(frozenset(PROFILE_COLUMNS),),  # the scrobble log has no header
)
"""The Last.fm 1K users dataset (scrobbles and profiles)."""
