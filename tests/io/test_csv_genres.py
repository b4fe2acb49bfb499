"""The generic importer's genre column: the mapping role and its separators, how a cell is split,
plays and play counts carrying tags, Parquet lists, malformed cells, and files without one."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from iofiles import CSV_COLUMNS, plays_csv, query
from typer.testing import CliRunner

from recsys import sql
from recsys.errors import DataError
from recsys.io import GENRE_SEP, CsvMapping, import_data, load_mapping, preview

_COLUMNS = {"user": "user", "ts": "ts", "artist": "artist", "track": "track", "genre": "genre"}
_TAGS = (
    "SELECT a.name, t.tag, t.weight, t.kind FROM artist_tags t "
    "JOIN artists a USING (artist_id) ORDER BY ALL"
)


def _split(cell: str | None, seps: str = GENRE_SEP) -> list[str] | None:
    con = duckdb.connect()
    try:
        con.execute(sql.load("import/formats/csv/split_tags"))
        rows = con.execute("SELECT sc_split_tags($c, $s)", {"c": cell, "s": seps}).fetchall()
    finally:
        con.close()
    value = rows[0][0]
    return None if value is None else sorted(value)


@pytest.mark.parametrize(
    ("cell", "seps", "tags"),
    [
        ("Hip-Hop; hip hop|dnb , 80s", GENRE_SEP, ["80s", "Hip-Hop", "dnb", "hip hop"]),
        ("seen live", GENRE_SEP, ["seen live"]),
        ("rock|rock; rock", GENRE_SEP, ["rock"]),  # a repeat in one cell counts once
        ("Rock/Pop;Soul", GENRE_SEP, ["Rock/Pop", "Soul"]),
        ("Rock/Pop;Soul", "/", ["Pop;Soul", "Rock"]),
        ("[rock, hip hop, 'a,b']", GENRE_SEP, ["a,b", "hip hop", "rock"]),  # a list, as text
        ('["rock", "pop"]', GENRE_SEP, ["pop", "rock"]),  # a JSON array
        ("[unclosed, list", GENRE_SEP, ["[unclosed", "list"]),
        (";;|, ", GENRE_SEP, None),
        ("   ", GENRE_SEP, None),
        ("[]", GENRE_SEP, None),
        ("", GENRE_SEP, None),
        (None, GENRE_SEP, None),
    ],
)
def test_a_genre_cell_is_split_into_tags(
    cell: str | None, seps: str, tags: list[str] | None
) -> None:
    assert _split(cell, seps) == tags


def test_the_genre_role_and_its_separators_in_a_mapping(tmp_path: Path) -> None:
    toml = tmp_path / "m.toml"
    toml.write_text(
        '[columns]\nartist = "A"\nplays = "P"\ngenre = "Tags"\n[options]\ngenre_sep = "/"\n'
    )
    assert load_mapping(toml).genre_sep == "/"
    mapping = load_mapping(None, ["artist=A", "plays=P", "genre=Genres", "genre_sep=;"])
    assert (mapping.columns["genre"], mapping.genre_sep) == ("Genres", ";")
    assert CsvMapping({"artist": "A", "plays": "P"}).genre_sep == GENRE_SEP == ";|,"


@pytest.mark.parametrize("sep", ["", "a", " ", ";\t", "1"])
def test_a_genre_separator_must_be_punctuation(sep: str) -> None:
    with pytest.raises(DataError, match="genre_sep must be one or more punctuation"):
        CsvMapping({"artist": "A", "plays": "P"}, genre_sep=sep)


def test_a_mapping_without_genre_hashes_as_before_the_role_existed() -> None:
    without = json.loads(CsvMapping(CSV_COLUMNS, genre_sep="/").to_json())
    assert set(without) == {"columns", "ts_format", "timezone", "ts_is_end", "delimiter"}
    with_genre = CsvMapping({**CSV_COLUMNS, "genre": "G"})
    assert json.loads(with_genre.to_json())["genre_sep"] == GENRE_SEP
    assert (
        with_genre.to_json() != CsvMapping({**CSV_COLUMNS, "genre": "G"}, genre_sep="|").to_json()
    )


def test_plays_carry_their_tags_one_application_per_kept_play(
    empty_wh: Path, tmp_path: Path
) -> None:
    path = plays_csv(
        tmp_path,
        "user,ts,artist,track,genre\n"
        "u1,2024-01-01T10:00:00Z,Radiohead,Airbag,rock|alternative\n"
        "u1,2024-01-01T10:05:00Z,Radiohead,Airbag,rock\n"
        'u2,2024-01-01T11:00:00Z,Radiohead,Karma Police,"rock, Rock"\n'
        "u2,2024-01-01T11:05:00Z,Radiohead,,electronic\n"  # no track: left out, tags too
        "u2,2024-01-01T12:00:00Z,Björk,Jóga,[]\n",
    )
    summary = import_data(empty_wh, "csv", path, mapping=CsvMapping(_COLUMNS))

    assert summary.added["listens"] == 4
    # rock on 3 kept plays and "Rock" beside it in one cell: 4 applications under the most
    # used spelling; alternative on 1
    assert query(empty_wh, _TAGS) == [
        ("Radiohead", "alternative", pytest.approx(1 / 5), "genre"),
        ("Radiohead", "rock", pytest.approx(4 / 5), "genre"),
    ]
    weights = query(
        empty_wh,
        "SELECT g.name, ag.weight FROM artist_genres ag JOIN genres g USING (genre_id) ORDER BY 1",
    )
    assert weights == [("alternative", pytest.approx(1 / 5)), ("rock", pytest.approx(4 / 5))]


def test_play_counts_carry_their_tags_one_application_per_row(
    empty_wh: Path, tmp_path: Path
) -> None:
    path = plays_csv(
        tmp_path,
        "who\tband\tn\ttags\n"
        "u1\tRadiohead\t120\trock/electronic\n"
        "u2\tRadiohead\t3\trock\n"
        "u3\tRadiohead\t-1\tpop\n",  # a bad count: the whole import is refused
        name="counts.tsv",
    )
    mapping = load_mapping(
        None, ["user=who", "artist=band", "plays=n", "genre=tags", "genre_sep=/"]
    )
    with pytest.raises(DataError, match="plays"):
        import_data(empty_wh, "csv", path, mapping=mapping)
    assert query(empty_wh, "SELECT count(*) FROM artist_tags") == [(0,)]

    path.write_text(path.read_text().replace("\t-1\t", "\t0\t"))
    summary = import_data(empty_wh, "csv", path, mapping=mapping)

    assert summary.grain == "artist" and summary.added["play_counts"] == 3
    # weights count rows (listeners tagging the artist), not plays: rock 2, electronic 1, pop 1
    assert query(empty_wh, _TAGS) == [
        ("Radiohead", "electronic", pytest.approx(1 / 4), "genre"),
        ("Radiohead", "pop", pytest.approx(1 / 4), "genre"),
        ("Radiohead", "rock", pytest.approx(2 / 4), "genre"),
    ]


def test_a_parquet_list_column_is_read_as_its_tags(empty_wh: Path, tmp_path: Path) -> None:
    path = tmp_path / "plays.parquet"
    pd.DataFrame(
        {
            "user": ["u1", "u1"],
            "ts": [1700000000, 1700000300],
            "artist": ["Goldie", "Goldie"],
            "track": ["Inner City Life", "Timeless"],
            "genre": [["dnb", "jungle, uk"], []],
        }
    ).to_parquet(path)
    mapping = CsvMapping(_COLUMNS, ts_format="epoch_s")
    import_data(empty_wh, "csv", path, mapping=mapping)

    assert [t for _, t, _, _ in query(empty_wh, _TAGS)] == ["dnb", "jungle, uk"]


def test_malformed_genre_cells_import_without_tags(empty_wh: Path, tmp_path: Path) -> None:
    long = "x" * 5000
    path = plays_csv(
        tmp_path,
        "user;ts;artist;track;genre\n"
        'u1;2024-01-01T10:00:00Z;Kano;A;",,,|||"\n'
        "u1;2024-01-01T10:01:00Z;Kano;B;|\n"
        "u1;2024-01-01T10:02:00Z;Kano;C;[\n"
        "u1;2024-01-01T10:03:00Z;Kano;D;]\n"
        f"u1;2024-01-01T10:04:00Z;Kano;E;{long}\n"
        "u1;2024-01-01T10:05:00Z;Kano;F;  \n",
    )
    summary = import_data(empty_wh, "csv", path, mapping=CsvMapping(_COLUMNS))

    assert summary.added["listens"] == 6
    tags = query(empty_wh, "SELECT tag, kind FROM artist_tags ORDER BY tag")
    assert tags == [("[", "unknown"), ("]", "unknown"), (long, "unknown")]
    assert query(empty_wh, "SELECT count(*) FROM genres") == [(0,)]


def test_a_file_without_a_mapped_genre_column_imports_no_tags(
    empty_wh: Path, tmp_path: Path
) -> None:
    path = plays_csv(
        tmp_path,
        "user,ts,artist,track,genre\nu1,2024-01-01T10:00:00Z,Radiohead,Airbag,rock\n",
    )
    columns = {k: v for k, v in _COLUMNS.items() if k != "genre"}
    summary = import_data(empty_wh, "csv", path, mapping=CsvMapping(columns))

    assert summary.added["listens"] == 1
    assert {t: summary.added[t] for t in ("genres", "artist_genres", "artist_tags")} == {
        "genres": 0,
        "artist_genres": 0,
        "artist_tags": 0,
    }


def test_a_genre_column_the_file_lacks_is_named(empty_wh: Path, tmp_path: Path) -> None:
    with pytest.raises(DataError, match="a column named 'Genre' \\(mapped to genre\\)"):
        import_data(
            empty_wh,
            "csv",
            plays_csv(tmp_path),
            mapping=CsvMapping({**CSV_COLUMNS, "genre": "Genre"}),
        )


def test_the_preview_reads_a_genre_column(tmp_path: Path) -> None:
    path = plays_csv(
        tmp_path, "user,ts,artist,track,genre\nu1,2024-01-01T10:00:00Z,Kano,A,grime;seen live\n"
    )
    result = preview("csv", path, mapping=CsvMapping(_COLUMNS))
    assert result.ok and len(result.frame) == 1


def test_the_cli_maps_a_genre_column_with_its_separator(tmp_path: Path) -> None:
    from recsys.cli import app

    path = plays_csv(
        tmp_path,
        "user,ts,artist,track,style\nu1,2024-01-01T10:00:00Z,Kano,A,grime/british/seen live\n",
    )
    wh = tmp_path / "w.duckdb"
    cols = [f"--col={role}={column}" for role, column in _COLUMNS.items() if role != "genre"]
    result = CliRunner().invoke(
        app,
        [
            "import",
            "csv",
            str(path),
            "-w",
            str(wh),
            *cols,
            "--col=genre=style",
            "--col=genre_sep=/",
        ],
    )
    assert result.exit_code == 0, result.output
    assert query(wh, "SELECT tag, kind FROM artist_tags ORDER BY tag") == [
        ("british", "place"),
        ("grime", "genre"),
        ("seen live", "opinion"),
    ]
