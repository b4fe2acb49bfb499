"""Property: however a valid file is corrupted, an import either refuses it and leaves the
warehouse byte for byte as it was, or imports it completely and consistently."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from iofiles import (
    file_digest,
    lastfm_1k,
    listenbrainz_export,
    query,
    spotify_records,
    table_counts,
    write_json,
)

from recsys.errors import DataError
from recsys.io import import_data


def _spotify(root: Path) -> Path:
    return write_json(root / "Streaming_History_Audio_2023.json", spotify_records(), crlf=True)


def _listenbrainz(root: Path) -> Path:
    import zipfile

    archive = listenbrainz_export(root)
    with zipfile.ZipFile(archive) as zf:
        target = root / "1.jsonl"
        target.write_bytes(zf.read("listens/2023/1.jsonl"))
    return target


def _lastfm(root: Path) -> Path:
    return lastfm_1k(root, profile=False) / "userid-timestamp-artid-artname-traid-traname.tsv"


WRITERS = {"spotify": _spotify, "listenbrainz": _listenbrainz, "lastfm-1k": _lastfm}


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse holding one Spotify import already."""
    root = tmp_path_factory.mktemp("base")
    path = root / "base.duckdb"
    import_data(path, "spotify", _spotify(root / "seed"))
    return path


corruption = st.one_of(
    st.tuples(st.just("truncate"), st.floats(0, 1), st.binary(max_size=0)),
    st.tuples(st.just("replace"), st.floats(0, 1), st.binary(min_size=1, max_size=4)),
    st.tuples(st.just("insert"), st.floats(0, 1), st.binary(min_size=1, max_size=8)),
    st.tuples(st.just("delete"), st.floats(0, 1), st.binary(min_size=1, max_size=40)),
)


def _corrupt(data: bytes, op: tuple[str, float, bytes]) -> bytes:
    kind, where, payload = op
    at = int(where * len(data))
    if kind == "truncate":
        return data[:at]
    if kind == "replace":
        return data[:at] + payload + data[at + len(payload) :]
    if kind == "insert":
        return data[:at] + payload + data[at:]
    return data[:at] + data[at + len(payload) :]


@pytest.mark.slow
@pytest.mark.parametrize("fmt", list(WRITERS))
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(ops=st.lists(corruption, min_size=1, max_size=3))
def test_corruption_never_leaves_a_partial_import(fmt: str, base: Path, ops: list) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        source = WRITERS[fmt](root / "src")
        data = source.read_bytes()
        for op in ops:
            data = _corrupt(data, op)
        source.write_bytes(data)
        wh = root / "wh.duckdb"
        shutil.copy2(base, wh)
        before_digest, before = file_digest(wh), table_counts(wh)

        try:
            summary = import_data(wh, fmt, source)
        except DataError:
            assert file_digest(wh) == before_digest
            return

        after = table_counts(wh)
        for table, added in summary.added.items():
            assert after[table] - before[table] == added
        assert after["datasets"] - before["datasets"] == int(summary.recorded)
        assert query(
            wh,
            """
            SELECT count(*) FROM listens l
            LEFT JOIN tracks t USING (track_id) LEFT JOIN users u USING (user_id)
            WHERE t.track_id IS NULL OR u.user_id IS NULL""",
        ) == [(0,)]
        assert query(
            wh,
            """
            SELECT count(*) FROM item_keys k
            LEFT JOIN artists a ON k.kind = 'artist' AND a.artist_id = k.id
            LEFT JOIN tracks t ON k.kind = 'track' AND t.track_id = k.id
            WHERE a.artist_id IS NULL AND t.track_id IS NULL""",
        ) == [(0,)]
