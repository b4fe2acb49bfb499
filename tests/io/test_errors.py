"""Broken input of every kind is refused with a message that names file, place and field,
and the warehouse file stays byte for byte as it was."""

from __future__ import annotations

import json
import os
import shutil
import stat
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from iofiles import (
    CSV_COLUMNS,
    LASTFM_PLAYS,
    file_digest,
    hetrec,
    lastfm_1k,
    listen,
    listenbrainz_export,
    plays_csv,
    spotify_export,
    spotify_record,
    write_json,
)

from recsys.io import CsvMapping, ImportDataError, ZipLimits, import_data, preview

AUDIO = "Streaming_History_Audio_2023.json"
U = "user_000001"


@pytest.fixture(scope="module")
def _loaded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("loaded")
    path = root / "loaded.duckdb"
    import_data(path, "spotify", spotify_export(root))
    return path


@pytest.fixture
def loaded_wh(_loaded_template: Path, tmp_path: Path) -> Path:
    """A warehouse that already holds an import, so 'unchanged' means something."""
    path = tmp_path / "loaded.duckdb"
    shutil.copy2(_loaded_template, path)
    return path


def _spotify(records: list) -> Callable[[Path], Path]:
    return lambda root: write_json(root / "export" / AUDIO, records)


def _truncated(root: Path) -> Path:
    path = write_json(root / "export" / AUDIO, [spotify_record(), spotify_record()])
    path.write_bytes(path.read_bytes()[:-300])
    return path


def _utf16(root: Path) -> Path:
    path = root / "export" / AUDIO
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps([spotify_record()]), encoding="utf-16")
    return path


def _binary(root: Path) -> Path:
    path = root / "export" / AUDIO
    path.parent.mkdir(parents=True)
    path.write_bytes(b"PK\x03\x04\x00\x00garbage")
    return path


def _lastfm(lines: list[str]) -> Callable[[Path], Path]:
    return lambda root: lastfm_1k(root, lines=lines, profile=False)


def _profile_bad_age(root: Path) -> Path:
    folder = lastfm_1k(root)
    (folder / "userid-profile.tsv").write_text(
        "#id\tgender\tage\tcountry\tregistered\nuser_000042\tf\ttwenty\tGermany\t\n"
    )
    return folder


def _lb(lines: list[str]) -> Callable[[Path], Path]:
    return lambda root: listenbrainz_export(root, extra_lines=lines)


def _zip(entries: dict[str, bytes], *, symlink: str | None = None) -> Callable[[Path], Path]:
    def write(root: Path) -> Path:
        archive = root / "upload.zip"
        with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, data in entries.items():
                zf.writestr(name, data)
            if symlink:
                info = zipfile.ZipInfo(symlink)
                info.external_attr = (stat.S_IFLNK | 0o777) << 16
                zf.writestr(info, "/etc/passwd")
        return archive

    return write


_GOOD = json.dumps([spotify_record()]).encode()
_CSV = CsvMapping(CSV_COLUMNS)

CASES = {
    "missing field": (
        "spotify",
        _spotify([spotify_record(), spotify_record(ts=None)]),
        [AUDIO, "record 2", "field 'ts' is missing", "ISO-8601 UTC time"],
    ),
    "unparseable time": (
        "spotify",
        _spotify([spotify_record()] * 2 + [spotify_record(ts="yesterday")]),
        [AUDIO, "record 3", "field 'ts' is 'yesterday'", "expected an ISO"],
    ),
    "negative duration": (
        "spotify",
        _spotify([spotify_record(ms_played=-5)]),
        [AUDIO, "record 1", "field 'ms_played' is -5, a negative number"],
    ),
    "not a number": (
        "spotify",
        _spotify([spotify_record(ms_played="12a")]),
        [AUDIO, "record 1", "field 'ms_played' is '12a'", "milliseconds"],
    ),
    "bad boolean": (
        "spotify",
        _spotify([spotify_record(skipped="maybe")]),
        [AUDIO, "record 1", "field 'skipped' is 'maybe'", "true, false or null"],
    ),
    "truncated JSON": (
        "spotify",
        _truncated,
        [AUDIO, "line", "malformed JSON", "expected valid JSON"],
    ),
    "object, not array": (
        "spotify",
        _spotify({"plays": [spotify_record()]}),
        [AUDIO, "starts with '{'", "a JSON array"],
    ),
    "wrong format": (
        "spotify",
        _spotify([{"userID": 2, "artistID": 51}]),
        [AUDIO, "record 1", "none of the expected fields", "ms_played"],
    ),
    "UTF-16": ("spotify", _utf16, [AUDIO, "UTF-16", "expected UTF-8 or Latin-1 text"]),
    "binary": ("spotify", _binary, [AUDIO, "binary data", "expected UTF-8 or Latin-1"]),
    "too few fields": (
        "lastfm-1k",
        _lastfm([f"{U}\t2009-05-04T23:08:57Z\t\tA\t\tT", f"{U}\t2009-05-04T23:08:57Z\tA"]),
        [LASTFM_PLAYS, "line 2", "field 'artist_name'", "6 fields a line"],
    ),
    "bad timestamp line": (
        "lastfm-1k",
        _lastfm([f"{U}\t2009-05-04T23:08:57Z\t\tA\t\tT", f"{U}\t2009-13-45T00:00:00Z\t\tA\t\tT"]),
        [LASTFM_PLAYS, "line 2", "field 'timestamp' is '2009-13-45T00:00:00Z'"],
    ),
    "bad MBID": (
        "lastfm-1k",
        _lastfm([f"{U}\t2009-05-04T23:08:57Z\tRadiohead\tA\t\tT"]),
        [LASTFM_PLAYS, "line 1", "field 'artist_mbid' is 'Radiohead'", "UUID"],
    ),
    "bad profile age": (
        "lastfm-1k",
        _profile_bad_age,
        ["userid-profile.tsv", "line 2", "field 'age' is 'twenty'"],
    ),
    "negative count": (
        "hetrec-lastfm",
        lambda root: hetrec(root, user_artists="userID\tartistID\tweight\n2\t1\t5\n2\t2\t-4\n"),
        ["user_artists.dat", "line 3", "field 'weight' is -4, a negative"],
    ),
    "missing file": (
        "hetrec-lastfm",
        lambda root: (hetrec(root) / "artists.dat").unlink() or root / "hetrec2011-lastfm-2k",
        ["no artists.dat"],
    ),
    "bad listened_at": (
        "listenbrainz",
        _lb([json.dumps(listen(0, "A", "T") | {"listened_at": "soon"})]),
        ["listens/2023/1.jsonl", "line 4", "field 'listened_at' is 'soon'"],
    ),
    "listen not an object": (
        "listenbrainz",
        _lb(["[1, 2]"]),
        ["listens/2023/1.jsonl", "line 4", "Expected OBJECT"],
    ),
    "listen without artist": (
        "listenbrainz",
        _lb([json.dumps(listen(1, "", "T"))]),
        ["line 4", "field 'track_metadata.artist_name' is missing"],
    ),
    "mapped column missing": (
        "csv",
        lambda root: plays_csv(root, "a;b\n1;2\n"),
        ["plays.csv", "line 1", "field 'User Id' is missing", "the file has 'a', 'b'"],
    ),
    "csv bad time": (
        "csv",
        lambda root: plays_csv(
            root,
            "User Id,Played At,Artist,Title,"
            "Duration (ms)\nu,2024-01-01,A,T,1\n"
            "u,31/01/2024,A,T,1\n",
        ),
        ["plays.csv", "line 3", "field 'Played At' is '31/01/2024'"],
    ),
    "csv negative ms": (
        "csv",
        lambda root: plays_csv(
            root, "User Id,Played At,Artist,Title,Duration (ms)\nu,2024-01-01,A,T,-1\n"
        ),
        ["plays.csv", "line 2", "field 'Duration (ms)' is -1, a negative"],
    ),
    "zip path traversal": (
        "spotify",
        _zip({f"../{AUDIO}": _GOOD}),
        ["upload.zip", f"'../{AUDIO}'", "stay inside the archive"],
    ),
    "zip absolute path": (
        "spotify",
        _zip({f"/tmp/{AUDIO}": _GOOD}),
        ["upload.zip", "stay inside the archive"],
    ),
    "zip symlink": (
        "spotify",
        _zip({AUDIO: _GOOD}, symlink="Streaming_History_Audio_x.json"),
        ["upload.zip", "symbolic link"],
    ),
    "zip bomb": (
        "spotify",
        _zip({AUDIO: b"[" + b" " * (8 << 20) + b"]"}),
        ["upload.zip", "expands", "compression ratio"],
    ),
    "no such path": ("spotify", lambda root: root / "missing.zip", ["nothing at that path"]),
    "nothing to import": ("spotify", _zip({"Userdata.json": b"{}"}), ["no such file"]),
    "no records": ("spotify", _spotify([]), [AUDIO, "no records"]),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_broken_input_is_refused_and_the_warehouse_unchanged(
    case: str, loaded_wh: Path, tmp_path: Path
) -> None:
    fmt, write, expected = CASES[case]
    source = write(tmp_path)
    before = file_digest(loaded_wh)
    mapping = _CSV if fmt == "csv" else None

    with pytest.raises(ImportDataError) as info:
        import_data(loaded_wh, fmt, source, mapping=mapping)

    message = str(info.value)
    for part in expected:
        assert part in message, f"{part!r} not in {message!r}"
    assert file_digest(loaded_wh) == before
    assert not [p for p in loaded_wh.parent.iterdir() if p.name.startswith(".loaded")]


def test_a_missing_warehouse_is_not_created_by_a_refused_import(tmp_path: Path) -> None:
    target = tmp_path / "new.duckdb"
    with pytest.raises(ImportDataError):
        import_data(target, "spotify", _spotify([spotify_record(ts="x")])(tmp_path))
    assert not target.exists()


def test_every_problem_is_listed(loaded_wh: Path, tmp_path: Path) -> None:
    records = [spotify_record(ts="x"), spotify_record(ms_played=-1), spotify_record(ts="y")]
    with pytest.raises(ImportDataError) as info:
        import_data(loaded_wh, "spotify", _spotify(records)(tmp_path))
    problems = info.value.problems
    assert [(p.field, p.record, p.count) for p in problems] == [("ts", 1, 2), ("ms_played", 2, 1)]
    assert "(2 records have this problem)" in str(problems[0])
    assert str(info.value).endswith("(and 1 more problem)")


def test_limits_on_total_size(loaded_wh: Path, tmp_path: Path) -> None:
    source = _zip({AUDIO: _GOOD})(tmp_path)
    with pytest.raises(ImportDataError, match="at most 10 bytes"):
        import_data(loaded_wh, "spotify", source, limits=ZipLimits(max_total_bytes=10))


@pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")
def test_no_temporary_files_are_left_behind(loaded_wh: Path, tmp_path: Path) -> None:
    with pytest.raises(ImportDataError):
        import_data(loaded_wh, "spotify", _truncated(tmp_path))
    assert sorted(p.name for p in loaded_wh.parent.iterdir()) == ["export", "loaded.duckdb"]


def _cut_inside_record(root: Path, record: int, after: str) -> tuple[Path, int, int]:
    """Five pretty-printed records, cut just after ``after`` inside record ``record``.

    Returns the file, and the line and column (from 1) where its data ends.
    """
    records = [spotify_record(ts=f"2023-05-0{i}T10:00:00Z") for i in range(1, 6)]
    path = write_json(root / "export" / AUDIO, records)
    text = path.read_text(encoding="utf-8")
    start = text.index(f'"ts": "2023-05-0{record}T10:00:00Z"')
    cut = text.index(after, start) + len(after)
    path.write_text(text[:cut], encoding="utf-8")
    line = text[:cut].count("\n") + 1
    return path, line, cut - text.rfind("\n", 0, cut)


@pytest.mark.parametrize("record", [1, 3, 5])
def test_a_json_array_cut_mid_record_names_that_record_and_the_line_of_the_cut(
    record: int, tmp_path: Path
) -> None:
    path, line, column = _cut_inside_record(tmp_path, record, '"ms_played": 200000,')

    problem = preview("spotify", path).problems[0]

    assert (problem.record, problem.line, problem.column) == (record, line, column)
    assert problem.where == f"record {record} (line {line}, column {column})"
    assert "malformed JSON" in str(problem)


def test_a_json_syntax_error_mid_file_names_its_record_and_line(tmp_path: Path) -> None:
    records = [spotify_record(ts=f"2023-05-0{i}T10:00:00Z") for i in range(1, 6)]
    path = write_json(tmp_path / AUDIO, records)
    text = path.read_text(encoding="utf-8")
    at = text.index('"ms_played": 200000,', text.index("2023-05-02")) + len('"ms_played": 200000')
    path.write_text(text[:at] + text[at + 1 :], encoding="utf-8")  # drop one comma
    line = text[:at].count("\n") + 2  # the next field's line is where a comma was expected

    problem = preview("spotify", path).problems[0]

    assert (problem.record, problem.line) == (2, line)


def test_a_json_lines_file_cut_mid_line_names_that_line(tmp_path: Path) -> None:
    path = tmp_path / "listens" / "x.listens"
    path.parent.mkdir()
    lines = [json.dumps(listen(1672574400 + i, "A", "T")) for i in range(6)]
    lines[2] = lines[2][:40]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    problem = preview("listenbrainz", path).problems[0]

    assert (problem.record, problem.line, problem.column) == (None, 3, 41)
    assert "malformed JSON" in str(problem)
