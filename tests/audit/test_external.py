"""External lists: malformed ones are refused with file, row and field; warehouse ids and
source ids (mapped as an import maps them) are read; an audited list is stored beside the run's
own, with accuracy only when it was made for the test window."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from recsys import warehouse
from recsys.audit import audit_external
from recsys.audit._external import read_external
from recsys.audit._store import read_figures, read_notes, read_sets
from recsys.errors import DataError
from recsys.io import CsvMapping, import_data

MBID = "8bfac288-ccc5-448d-9573-c33ea2aa5c30"


def _write(tmp: Path, text: str, name: str = "list.csv") -> Path:
    path = tmp / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def tiny_con(tiny_warehouse: Path):
    con = warehouse.open_readonly(tiny_warehouse)
    yield con
    con.close()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("user,item\n1,2\n", "missing column(s) rank"),
        ("user,item,rank\n1,2,1\n1,3,x\n", "row 2: field rank: expected a whole number"),
        ("user,item,rank\n1,2,1\n1,3,0\n", "row 2: field rank"),
        ("user,item,rank,score\n1,2,1,high\n", "row 1: field score: expected a number"),
        ("user,item,rank\n1,2,1\n99999,3,1\n", "row 2: field user: no listener of this"),
        ("user,item,rank\n1,2,1\n1,9999999,2\n", "row 2: field item: no track of this"),
        ("user,item,rank\n1,2,1\n1,2,2\n", "row 2: field item: the listener already has"),
        ("user,item,rank\n1,2,1\n1,3,1\n", "row 2: field rank: the listener already has"),
        ("user,item,rank\n", "the list has no rows"),
    ],
)
def test_malformed_lists_are_refused_with_file_row_and_field(
    tiny_con, tmp_path: Path, text: str, message: str
) -> None:
    path = _write(tmp_path, text)
    with pytest.raises(DataError) as info:
        read_external(tiny_con, path, "track")
    assert str(path) in str(info.value) and message in str(info.value)


def test_a_list_with_warehouse_ids_is_read_in_csv_and_parquet(tiny_con, tmp_path: Path) -> None:
    frame = pd.DataFrame({"user_id": [2, 1, 1], "item_id": [5, 3, 4], "rank": [1, 2, 1]})
    csv = _write(tmp_path, frame.to_csv(index=False))
    parquet = tmp_path / "list.parquet"
    frame.to_parquet(parquet)
    for path in (csv, parquet):
        got = read_external(tiny_con, path, "track")
        assert got.to_dict("list") == {
            "user_id": [2, 1, 1],
            "item_id": [5, 3, 4],
            "rank": [1, 2, 1],
        }
    with pytest.raises(DataError, match="no imported data"):
        read_external(tiny_con, csv, "track", ids="source", source_format="csv")
    with pytest.raises(DataError, match="--source-format"):
        read_external(tiny_con, csv, "track", ids="source")


@pytest.fixture
def imported(tmp_path: Path) -> Path:
    """A warehouse with two listeners imported from a CSV (one track with a MusicBrainz id)."""
    path = tmp_path / "imported.duckdb"
    with warehouse.building(path, fresh=True):
        pass
    plays = _write(
        tmp_path,
        "user,ts,artist,track,track_mbid\n"
        "alice,2024-01-01T10:00:00Z,Radiohead,Airbag,\n"
        "alice,2024-01-01T10:05:00Z,Björk,Jóga,\n"
        f"bob,2024-01-02T10:00:00Z,Radiohead,Karma Police,{MBID}\n",
        "plays.csv",
    )
    cols = {"user": "user", "ts": "ts", "artist": "artist", "track": "track"}
    import_data(path, "csv", plays, mapping=CsvMapping({**cols, "track_mbid": "track_mbid"}))
    return path


def test_source_ids_are_mapped_through_pseudonyms_and_names(imported: Path, tmp_path: Path) -> None:
    con = warehouse.open_readonly(imported)
    try:
        ids = dict(con.execute("SELECT title, track_id FROM tracks").fetchall())
        by_name = _write(
            tmp_path,
            "user,artist,track,rank\nalice,RADIOHEAD,Karma  Police,1\nbob, björk ,jóga,1\n",
        )
        got = read_external(con, by_name, "track", ids="source", source_format="csv")
        users = dict(con.execute("SELECT user_id, pseudonym FROM users").fetchall())
        assert got["item_id"].tolist() == [ids["Karma Police"], ids["Jóga"]]
        assert len(set(got["user_id"])) == 2 and set(got["user_id"]) <= set(users)
        by_key = _write(tmp_path, f"user,item,rank\nalice,{MBID.upper()},1\n", "keys.csv")
        got = read_external(con, by_key, "track", ids="source", source_format="csv")
        assert got["item_id"].tolist() == [ids["Karma Police"]]
        stranger = _write(tmp_path, "user,artist,track,rank\ncarol,Björk,Jóga,1\n", "s.csv")
        with pytest.raises(DataError, match="row 1: field user: no listener imported from csv"):
            read_external(con, stranger, "track", ids="source", source_format="csv")
        other_format = _write(tmp_path, "user,artist,track,rank\nalice,Björk,Jóga,1\n", "o.csv")
        with pytest.raises(DataError, match="field user"):  # pseudonyms are per format
            read_external(con, other_format, "track", ids="source", source_format="spotify")
        unknown = _write(tmp_path, "user,artist,track,rank\nalice,Björk,Hunter,1\n", "u.csv")
        with pytest.raises(DataError, match="row 1: field artist: no track of this warehouse"):
            read_external(con, unknown, "track", ids="source", source_format="csv")
    finally:
        con.close()


def _popular_list(path: Path, con) -> Path:
    top = con.execute(
        "SELECT track_id FROM listens GROUP BY track_id ORDER BY count(*) DESC, track_id LIMIT 10"
    ).fetchall()
    users = [u for (u,) in con.execute("SELECT user_id FROM users ORDER BY user_id").fetchall()]
    rows = [(u, t, r + 1) for u in users for r, (t,) in enumerate(top)]
    frame = pd.DataFrame(rows, columns=["user", "item", "rank"])
    frame.to_csv(path, index=False)
    return path


@pytest.mark.slow
def test_an_external_list_is_stored_beside_the_runs_own(built_audit: Path, tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    shutil.copy2(built_audit, path)
    con = warehouse.open_readonly(path)
    try:
        lists = _popular_list(tmp_path / "popular.csv", con)
    finally:
        con.close()
    info, result = audit_external(path, lists, "most popular")
    assert (result.figures["metric"] == "ndcg@10").sum() == 0
    info, result = audit_external(path, lists, "popular for test", test_window=True)
    assert (result.figures["metric"] == "ndcg@10").sum() > 0
    con = warehouse.open_readonly(path)
    try:
        sets = read_sets(con, info.run_id)
        figures = read_figures(con, info.run_id)
        notes = read_notes(con, info.run_id)
        stored = con.execute("SELECT count(*) FROM audit_lists").fetchall()[0][0]
    finally:
        con.close()
    assert sets["name"].tolist() == ["soundcheck", "most popular", "popular for test"]
    assert set(figures["name"]) == {"soundcheck", "most popular", "popular for test"}
    left_out = notes.loc[notes["name"] == "most popular", "message"]
    assert left_out.str.contains("not made for the test window").any()
    arp = figures.loc[figures["metric"] == "arp"].set_index("name")["value"]
    assert arp["most popular"] > arp["soundcheck"]  # ten hits for everyone are more popular
    coverage = figures.loc[figures["metric"] == "coverage"].set_index("name")["value"]
    assert coverage["most popular"] < coverage["soundcheck"]
    assert stored == 2 * len(pd.read_csv(lists))
    audit_external(path, lists, "most popular")  # again: replaced, not added
    con = warehouse.open_readonly(path)
    try:
        again = read_sets(con, info.run_id)
    finally:
        con.close()
    assert again["name"].tolist() == sets["name"].tolist()
    with pytest.raises(DataError, match="reserved"):
        audit_external(path, lists, "Soundcheck")
