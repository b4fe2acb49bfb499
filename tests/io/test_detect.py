"""A refused input that looks like another registered format says which format to choose."""

from __future__ import annotations

import fnmatch
import json
from pathlib import Path, PurePosixPath

import pytest
from iofiles import hetrec, lastfm_1k, spotify_export, spotify_record, write_json

from recsys.io import FileFormat, ImportDataError, import_data, preview
from recsys.io import formats as registry
from recsys.io.formats import FORMATS, spotify

SPOTIFY = FORMATS["spotify"].label
HETREC = FORMATS["hetrec-lastfm"].label
LASTFM = FORMATS["lastfm-1k"].label


def test_a_file_of_another_format_gets_the_format_to_choose(tmp_path: Path) -> None:
    source = hetrec(tmp_path) / "user_artists.dat"

    result = preview("lastfm-1k", source)

    assert not result.ok
    assert result.suggested_format == "hetrec-lastfm"
    assert result.suggestion == (
        f"this looks like a {HETREC} export: choose {HETREC} (hetrec-lastfm)"
    )


def test_a_refused_import_says_which_format_to_choose(empty_wh: Path, tmp_path: Path) -> None:
    with pytest.raises(ImportDataError) as info:
        import_data(empty_wh, "spotify", lastfm_1k(tmp_path))

    assert info.value.suggested_format == "lastfm-1k"
    assert str(info.value).endswith(
        f"; this looks like a {LASTFM} export: choose {LASTFM} (lastfm-1k)"
    )


def test_json_of_another_format_is_recognised_by_its_keys(tmp_path: Path) -> None:
    source = write_json(tmp_path / "history.json", [spotify_record(), spotify_record()])
    assert preview("listenbrainz", source).suggested_format == "spotify"


def test_a_zip_of_another_format_is_recognised_without_extracting(tmp_path: Path) -> None:
    assert preview("listenbrainz", spotify_export(tmp_path)).suggested_format == "spotify"


def test_a_bad_value_in_the_right_format_suggests_nothing(tmp_path: Path) -> None:
    source = write_json(tmp_path / "Streaming_History_Audio_1.json", [spotify_record(ms_played=-1)])
    result = preview("spotify", source)
    assert not result.ok
    assert (result.suggested_format, result.suggestion) == (None, None)


def test_the_suggestion_comes_from_the_registry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    radio = FileFormat(
        name="radio-log",
        grain="track",
        label="Radio station log",
        hint="Upload `radio_*.log`.",
        patterns=("radio_*.log",),
        select=lambda rel: fnmatch.fnmatch(PurePosixPath(rel).name.lower(), "radio_*.log"),
        staging=spotify.stage,
        signatures=(frozenset({"station", "aired_at"}),),
    )
    monkeypatch.setitem(registry._REGISTERED, radio.name, radio)
    source = tmp_path / "log.json"
    source.write_text(json.dumps([{"station": "FIP", "aired_at": "2024-01-01T10:00:00Z"}]))

    result = preview("spotify", source)

    assert result.suggested_format == "radio-log"
    assert "choose Radio station log (radio-log)" in str(result.suggestion)
