"""ListenBrainz exports and generic CSV/Parquet files with a column mapping."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pandas as pd
import pytest
from iofiles import CSV_COLUMNS, MBID_A, PRIVATE, REC_1, listenbrainz_export, plays_csv, query

from recsys.errors import DataError
from recsys.io import CsvMapping, import_data, load_mapping
from recsys.io._stage import pseudonym


def test_listenbrainz_export_zip(empty_wh: Path, tmp_path: Path, salt: str):
    summary = import_data(empty_wh, "listenbrainz", listenbrainz_export(tmp_path))

    names = [f.name for f in summary.files]
    assert names == [
        "listenbrainz_export.zip/listens/2023/1.jsonl",
        "listenbrainz_export.zip/listens/2023/2.jsonl",
    ]  # not feedback.jsonl
    assert summary.added["listens"] == 4
    assert query(empty_wh, "SELECT pseudonym FROM users") == [
        (pseudonym(salt, "listenbrainz", PRIVATE["lb_user"]),)
    ]
    assert query(empty_wh, "SELECT min(ts) FROM listens") == [(datetime(2023, 1, 1, 12, 0),)]
    keys = {k for (k,) in query(empty_wh, "SELECT source_key FROM item_keys")}
    assert {f"mbid:{MBID_A}", f"mbid:{REC_1}", "spotify:64BbK9SFKH2jk86U3dGj2P"} <= keys
    assert query(empty_wh, "SELECT duration_ms FROM tracks WHERE title = 'Otherside'") == [
        (255000,)
    ]


def test_listenbrainz_tags_weight_genres(empty_wh: Path, tmp_path: Path):
    import_data(empty_wh, "listenbrainz", listenbrainz_export(tmp_path))

    weights = dict(
        query(
            empty_wh,
            """
        SELECT g.name, ag.weight FROM artist_genres ag JOIN genres g USING (genre_id)
        JOIN artists a USING (artist_id) WHERE a.name = 'Radiohead'""",
        )
    )
    assert weights == pytest.approx({"rock": 2 / 3, "alternative": 1 / 3})


def test_csv_with_mapping_local_times_and_offsets(empty_wh: Path, tmp_path: Path, salt: str):
    mapping = CsvMapping(CSV_COLUMNS, timezone="Europe/Berlin")
    summary = import_data(empty_wh, "csv", plays_csv(tmp_path), mapping=mapping)

    assert summary.added["listens"] == 3 and summary.grain == "track"
    rows = query(
        empty_wh,
        "SELECT u.pseudonym, l.ts, l.ms_played FROM listens l "
        "JOIN users u USING (user_id) ORDER BY l.ts",
    )
    alice = pseudonym(salt, "csv", PRIVATE["username"])
    assert rows[0] == (alice, datetime(2024, 1, 31, 18, 5), 284000)  # 19:05 in Berlin
    assert rows[2] == (pseudonym(salt, "csv", "bob"), datetime(2024, 2, 1, 7, 0), 30000)


def test_parquet_and_epoch_times(empty_wh: Path, tmp_path: Path):
    path = tmp_path / "plays.parquet"
    pd.DataFrame(
        {
            "who": ["u1", "u1"],
            "when": [1700000000, 1700000300],
            "band": ["Radiohead", "Radiohead"],
            "song": ["Airbag", "Airbag"],
        }
    ).to_parquet(path)
    mapping = load_mapping(
        None, ["user=who", "ts=when", "artist=band", "track=song", "ts_format=epoch_s"]
    )
    summary = import_data(empty_wh, "csv", path, mapping=mapping)

    assert summary.added["listens"] == 2
    assert query(empty_wh, "SELECT min(ts) FROM listens") == [(datetime(2023, 11, 14, 22, 13, 20),)]


def test_aggregate_csv_is_artist_grain(empty_wh: Path, tmp_path: Path):
    path = plays_csv(tmp_path, "user,artist,plays\nu1,Radiohead, 12\nu1,radiohead,3\nu2,Björk,4\n")
    mapping = CsvMapping({"user": "user", "artist": "artist", "plays": "plays"})
    summary = import_data(empty_wh, "csv", path, mapping=mapping)

    assert summary.grain == "artist"
    assert query(
        empty_wh,
        "SELECT a.name, sum(plays) FROM play_counts JOIN artists a "
        "USING (artist_id) GROUP BY ALL ORDER BY 1",
    ) == [("Björk", 4), ("Radiohead", 15)]


def test_mapping_from_toml(tmp_path: Path):
    toml = tmp_path / "m.toml"
    toml.write_text(
        'ts_format = "%d/%m/%Y %H:%M"\n[columns]\nts = "When"\nartist = "A"\n'
        'track = "T"\n[options]\ntimezone = "America/New_York"\n'
    )
    mapping = load_mapping(toml, ["user=Who"])
    assert dict(mapping.columns) == {"ts": "When", "artist": "A", "track": "T", "user": "Who"}
    assert (mapping.ts_mode, mapping.timezone) == ("format", "America/New_York")


@pytest.mark.parametrize(
    ("columns", "message"),
    [
        ({"ts": "a", "track": "b"}, "'artist' is required"),
        ({"artist": "a", "track": "b"}, "plays need 'ts' and 'track'"),
        ({"artist": "a", "ts": "b", "plays": "c"}, "either 'ts'"),
        ({"artist": "a", "plays": "c", "colour": "x"}, "unknown role"),
    ],
)
def test_bad_mappings_are_refused(columns: dict[str, str], message: str):
    with pytest.raises(DataError, match=message):
        CsvMapping(columns)
