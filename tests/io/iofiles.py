"""Write small input files in each format, with the mess real exports have.

Every writer returns the path to import. The private values below are planted so the privacy
tests can check that none of them reaches the warehouse.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
from pathlib import Path
from typing import Any

from recsys import warehouse

PRIVATE = {
    "ip": "203.0.113.77",
    "agent": "Mozilla/5.0 (PrivateAgent 9.9)",
    "username": "alice_private_account",
    "email": "alice.private@example.com",
    "lb_user": "lb_private_user",
    "lastfm_user": "user_000042",
    "platform": "Android OS 13 API 33 (private-phone)",
}

MBID_A = "a74b1b7f-71a5-4011-9441-d0b5e4122711"  # Radiohead
MBID_B = "8bfac288-ccc5-448d-9573-c33ea2aa5c30"  # Red Hot Chili Peppers
REC_1 = "6b9a509f-6907-4a6e-9345-2f12da09ba4b"


def spotify_record(**kw: Any) -> dict[str, Any]:
    """One extended-history record with every private field filled in."""
    rec: dict[str, Any] = {
        "ts": "2023-05-01T10:03:20Z",
        "username": PRIVATE["username"],
        "platform": PRIVATE["platform"],
        "ms_played": 200000,
        "conn_country": "DE",
        "ip_addr": PRIVATE["ip"],
        "ip_addr_decrypted": PRIVATE["ip"],
        "user_agent_decrypted": PRIVATE["agent"],
        "master_metadata_track_name": "Paranoid Android",
        "master_metadata_album_artist_name": "Radiohead",
        "master_metadata_album_album_name": "OK Computer",
        "spotify_track_uri": "spotify:track:6LgJvl0Xdtc73RJ1mmpotq",
        "episode_name": None,
        "episode_show_name": None,
        "spotify_episode_uri": None,
        "audiobook_title": None,
        "audiobook_uri": None,
        "audiobook_chapter_uri": None,
        "audiobook_chapter_title": None,
        "reason_start": "trackdone",
        "reason_end": "trackdone",
        "shuffle": False,
        "skipped": None,
        "offline": False,
        "offline_timestamp": 1682935400,
        "incognito_mode": False,
    }
    rec.update(kw)
    return rec


def spotify_records() -> list[dict[str, Any]]:
    """Six records: music (one with whitespace in a number, one skipped), a podcast, an
    audiobook and a play without metadata (a local file)."""
    return [
        spotify_record(),
        spotify_record(
            ts="2023-05-01T10:05:00Z",
            ms_played=" 30500 ",
            skipped=True,
            master_metadata_track_name="Karma Police",
            spotify_track_uri="spotify:track:63OQupATfueTdZMWTxW03A",
        ),
        spotify_record(
            ts="2023-05-01T11:00:00Z",
            ms_played=1000,
            master_metadata_album_artist_name="Björk",
            master_metadata_track_name="Jóga",
            spotify_track_uri=None,
        ),
        spotify_record(
            ts="2023-05-01T12:00:00Z",
            master_metadata_track_name=None,
            master_metadata_album_artist_name=None,
            master_metadata_album_album_name=None,
            spotify_track_uri=None,
            episode_name="Episode 12",
            episode_show_name="A Show",
            spotify_episode_uri="spotify:episode:4rOoJ6Egrf8K2IrywzwOMk",
        ),
        spotify_record(
            ts="2023-05-01T13:00:00Z",
            master_metadata_track_name=None,
            master_metadata_album_artist_name=None,
            spotify_track_uri=None,
            audiobook_title="A Book",
            audiobook_uri="spotify:show:abc",
            audiobook_chapter_title="Chapter 1",
        ),
        spotify_record(
            ts="2023-05-01T14:00:00Z",
            master_metadata_track_name=None,
            master_metadata_album_artist_name=None,
            spotify_track_uri=None,
        ),
    ]


def write_json(path: Path, data: Any, *, bom: bool = False, crlf: bool = False) -> Path:
    """Pretty-printed JSON, optionally with a BOM and Windows line ends."""
    text = json.dumps(data, indent=2, ensure_ascii=False)
    if crlf:
        text = text.replace("\n", "\r\n")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def spotify_export(root: Path, records: list[dict[str, Any]] | None = None) -> Path:
    """A zip as Spotify hands it out: extended history (BOM, CRLF), a video file, other files."""
    folder = root / "spotify_src"
    inner = folder / "Spotify Extended Streaming History"
    write_json(
        inner / "Streaming_History_Audio_2023.json",
        spotify_records() if records is None else records,
        bom=True,
        crlf=True,
    )
    write_json(
        inner / "Streaming_History_Video_2023.json",
        [
            spotify_record(
                ts="2023-06-01T10:00:00Z",
                episode_name="A video",
                spotify_episode_uri="spotify:episode:v1",
            )
        ],
    )
    (inner / "ReadMeFirst_ExtendedStreamingHistory.pdf").write_bytes(b"%PDF-1.4 not read")
    archive = root / "my_spotify_data.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        for p in sorted(folder.rglob("*")):
            if p.is_file():
                zf.write(p, p.relative_to(folder).as_posix())
        zf.writestr(
            "__MACOSX/Spotify Extended Streaming History/._Streaming_History_Audio_2023.json",
            b"\x00\x05\x16\x07 resource fork",
        )
    return archive


def spotify_basic(root: Path) -> Path:
    """The basic account-data history: music, podcasts and Userdata.json (with an e-mail)."""
    folder = root / "MyData"
    write_json(
        folder / "StreamingHistory_music_0.json",
        [
            {
                "endTime": "2023-02-01 08:10",
                "artistName": "Radiohead",
                "trackName": "Airbag",
                "msPlayed": 284000,
            },
            {
                "endTime": "2023-02-01 08:20",
                "artistName": "radiohead ",
                "trackName": "airbag",
                "msPlayed": 1200,
            },
        ],
    )
    write_json(
        folder / "StreamingHistory_podcast_0.json",
        [
            {
                "endTime": "2023-02-01 09:00",
                "podcastName": "A Show",
                "episodeName": "Ep 1",
                "msPlayed": 600000,
            },
        ],
    )
    write_json(
        folder / "Userdata.json",
        {
            "username": PRIVATE["username"],
            "email": PRIVATE["email"],
            "country": "DE",
            "birthdate": "1990-01-01",
            "gender": "female",
            "postalCode": "10115",
        },
    )
    return folder


LASTFM_PLAYS = "userid-timestamp-artid-artname-traid-traname.tsv"


def lastfm_1k(root: Path, *, lines: list[str] | None = None, profile: bool = True) -> Path:
    """Last.fm 1K: CRLF, a BOM, empty MBIDs, quotes, whitespace, a Latin-1 artist name."""
    folder = root / "lastfm-dataset-1K"
    folder.mkdir(parents=True, exist_ok=True)
    u = PRIVATE["lastfm_user"]
    rows = (
        lines
        if lines is not None
        else [
            f"{u}\t2009-05-04T23:08:57Z\t{MBID_A}\tRadiohead\t{REC_1}\tAirbag",
            f"{u}\t2009-05-04T13:54:10Z\t\tRadiohead\t\tAirbag",
            f'{u}\t 2009-05-03T10:00:00Z \t\tDeep "Dish\t\tFlashdance (Radio Edit)',
            "user_000043\t2009-05-02T10:00:00Z\t\tCafé Tacuba\t\tEres",
            "user_000043\t2009-05-02T10:00:00Z\t\tCafé Tacuba\t\tEres",
            "user_000043\t2009-05-02T11:00:00Z\t\t\t\t",
        ]
    )
    data = "\r\n".join(rows).encode("utf-8")
    data = data.replace("Café".encode(), "Caf\xe9".encode("latin-1"))  # one Latin-1 line
    (folder / LASTFM_PLAYS).write_bytes(b"\xef\xbb\xbf" + data + b"\r\n")
    if profile:
        (folder / "userid-profile.tsv").write_bytes(
            "#id\tgender\tage\tcountry\tregistered\r\n"
            f"{u}\tf\t22\tUnited Kingdom\tAug 13, 2006\r\n"
            "user_000043\t\t\tKorea, Republic of\t\r\n".encode()
        )
    return folder


def hetrec(root: Path, *, user_artists: str | None = None) -> Path:
    """hetrec2011-lastfm-2k with a Latin-1 tags.dat and an unknown artist in the tagging."""
    folder = root / "hetrec2011-lastfm-2k"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "artists.dat").write_text(
        "id\tname\turl\tpictureURL\n1\tMALICE MIZER\thttp://www.last.fm/music/MALICE+MIZER\t"
        "http://x/1.jpg\n2\tDiary of Dreams\thttp://www.last.fm/music/Diary+of+Dreams\t\n"
        "3\tBjörk\thttp://www.last.fm/music/Bj%C3%B6rk\t\n",
        encoding="utf-8",
    )
    (folder / "tags.dat").write_bytes(
        "tagID\ttagValue\r\n1\tmetal\r\n2\tgothic\r\n3\tmúsica\r\n4\tMetal \r\n".encode("latin-1")
    )
    (folder / "user_artists.dat").write_text(
        user_artists
        if user_artists is not None
        else "userID\tartistID\tweight\n2\t1\t 13883\n2\t2\t11690\n3\t3\t5\n3\t99\t7\n"
    )
    (folder / "user_taggedartists.dat").write_text(
        "userID\tartistID\ttagID\tday\tmonth\tyear\n2\t1\t1\t1\t4\t2009\n2\t1\t2\t1\t4\t2009\n"
        "3\t1\t4\t1\t4\t2009\n3\t3\t3\t1\t5\t2009\n3\t77\t1\t1\t5\t2009\n"
    )
    (folder / "user_friends.dat").write_text("userID\tfriendID\n2\t3\n3\t2\n2\t3\n")
    return folder


def listen(ts: int, artist: str, track: str, **info: Any) -> dict[str, Any]:
    """One ListenBrainz listen with a submission client (private-ish) in additional_info."""
    extra = {"submission_client": PRIVATE["agent"], "media_player": "Player", **info}
    return {
        "listened_at": ts,
        "recording_msid": "00000000-0000-0000-0000-000000000000",
        "track_metadata": {
            "artist_name": artist,
            "track_name": track,
            "release_name": "An Album",
            "additional_info": extra,
        },
    }


def listenbrainz_export(root: Path, extra_lines: list[str] | None = None) -> Path:
    """A ListenBrainz export zip: user.json, feedback.jsonl and listens/<year>/<month>.jsonl."""
    jan = [
        listen(
            1672574400,
            "Radiohead",
            "Airbag",
            duration_ms=284000,
            recording_mbid=REC_1,
            artist_mbids=[MBID_A],
            tags=["rock", "alternative"],
        ),
        listen(1672578000, "Radiohead", "Airbag", artist_mbids=[], tags="rock"),
        listen(
            1672581600,
            "Red Hot Chili Peppers",
            "Otherside",
            spotify_id="https://open.spotify.com/track/64BbK9SFKH2jk86U3dGj2P",
            artist_mbids=f"{MBID_B}",
            duration_ms="255000",
        ),
    ]
    feb = [listen(1675252800, "Björk", "Jóga", tags=["electronic"])]
    archive = root / "listenbrainz_export.zip"
    root.mkdir(parents=True, exist_ok=True)
    lines = [json.dumps(x) for x in jan] + (extra_lines or [])
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("user.json", json.dumps({"user_id": 4242, "username": PRIVATE["lb_user"]}))
        zf.writestr("feedback.jsonl", json.dumps({"recording_mbid": REC_1, "score": 1}) + "\n")
        zf.writestr("listens/2023/1.jsonl", "\r\n".join(lines) + "\r\n")
        zf.writestr("listens/2023/2.jsonl", "\n".join(json.dumps(x) for x in feb) + "\n\n")
    return archive


def plays_csv(root: Path, text: str | None = None, name: str = "plays.csv") -> Path:
    """A generic CSV of plays (semicolon-separated, local times, a header with spaces)."""
    root.mkdir(parents=True, exist_ok=True)
    path = root / name
    path.write_text(
        text
        if text is not None
        else "User Id;Played At;Artist;Title;Duration (ms)\n"
        f"{PRIVATE['username']};2024-01-31 19:05:00;Radiohead;Airbag; 284000\n"
        f"{PRIVATE['username']};2024-01-31 19:10:00;Björk;Jóga;1000\n"
        "bob;2024-02-01T08:00:00+01:00;Radiohead;Karma Police;30000\n",
        encoding="utf-8",
    )
    return path


CSV_COLUMNS = {
    "user": "User Id",
    "ts": "Played At",
    "artist": "Artist",
    "track": "Title",
    "ms_played": "Duration (ms)",
}


def file_digest(path: Path) -> str:
    """SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def table_counts(path: Path) -> dict[str, int]:
    """Row counts of every table in a warehouse, including ``item_keys`` and ``datasets``."""
    con = warehouse.open_readonly(path)
    try:
        names = [
            r[0]
            for r in con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()"
            ).fetchall()
        ]
        return {n: con.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}
    finally:
        con.close()


def query(path: Path, text: str) -> list[tuple]:
    """Run one read-only query on a warehouse."""
    con = warehouse.open_readonly(path)
    try:
        return con.execute(text).fetchall()
    finally:
        con.close()
