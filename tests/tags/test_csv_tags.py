"""Tags from a generic file's genre column and from ListenBrainz listens take the tag step that
hetrec's tagging takes: known answers for one small file, idempotency, and the same result from
the same tag applications whichever source carries them."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest
from labelled import ARTISTS, Labelled, write_hetrec
from tagfiles import query

from recsys import warehouse
from recsys.io import CsvMapping, import_data
from recsys.tags import tag_figures

_MAPPING = CsvMapping(
    {"user": "user", "ts": "ts", "artist": "artist", "track": "track", "genre": "genre"}
)

# Kano's cells: Hip-Hop, british, hip hop, Gangsta Rap, seen live (five applications, one
# each); Goldie's: dnb, 80s, zorblax; a cell of separators only and an empty one carry none.
_CSV = (
    "user,ts,artist,track,genre\n"
    'u1,2024-01-01T10:00:00Z,Kano,Ps and Qs,"Hip-Hop; british"\n'
    "u1,2024-01-01T10:05:00Z,Kano,Reload It,hip hop|Gangsta Rap\n"
    "u2,2024-01-01T10:10:00Z,Kano,Ps and Qs,seen live\n"
    "u2,2024-01-01T10:15:00Z,Kano,Ps and Qs,\n"
    'u2,2024-01-02T09:00:00Z,Goldie,Inner City Life,"dnb, 80s"\n'
    "u1,2024-01-02T09:05:00Z,Goldie,Inner City Life,zorblax\n"
    'u1,2024-01-02T09:10:00Z,Goldie,Timeless,";;|, "\n'
)

_GENRES = (
    "SELECT g.genre_id, g.name, p.name FROM genres g "
    "LEFT JOIN genres p ON p.genre_id = g.parent_id ORDER BY g.genre_id"
)
_TAGS = (
    "SELECT a.name, t.tag, t.weight, t.kind, g.name, t.value FROM artist_tags t "
    "JOIN artists a USING (artist_id) LEFT JOIN genres g USING (genre_id) ORDER BY ALL"
)
_ARTIST_GENRES = (
    "SELECT a.name, g.name, ag.weight FROM artist_genres ag JOIN genres g USING (genre_id) "
    "JOIN artists a USING (artist_id) ORDER BY ALL"
)
_INFERRED = (
    "SELECT a.name, i.attribute, i.value, i.evidence_tag, i.weight_share, i.agreement "
    "FROM artist_attributes_inferred i JOIN artists a USING (artist_id) ORDER BY ALL"
)


@pytest.fixture(scope="module")
def csv_wh(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("csv_tags")
    path = root / "plays.csv"
    path.write_text(_CSV, encoding="utf-8")
    wh = root / "wh.duckdb"
    import_data(wh, "csv", path, mapping=_MAPPING)
    return wh, path


def test_genre_cells_become_canonical_genres_under_their_parents(csv_wh) -> None:
    wh, _ = csv_wh
    # parents first, then sub-genres, each in name order; hip hop is a top-level genre of the
    # tree, gangsta rap sits under it and drum and bass under electronic
    assert query(wh, _GENRES) == [
        (1, "electronic", None),
        (2, "hip hop", None),
        (3, "drum and bass", "electronic"),
        (4, "gangsta rap", "hip hop"),
    ]
    # "Hip-Hop" and "hip hop" are one genre: 2 of Kano's 3 genre-tag applications
    assert query(wh, _ARTIST_GENRES) == [
        ("Goldie", "drum and bass", 1.0),
        ("Kano", "gangsta rap", pytest.approx(1 / 3)),
        ("Kano", "hip hop", pytest.approx(2 / 3)),
    ]


def test_every_tag_is_kept_raw_with_its_kind_and_facet(csv_wh) -> None:
    wh, _ = csv_wh
    third, fifth = pytest.approx(1 / 3), pytest.approx(1 / 5)
    assert query(wh, _TAGS) == [
        ("Goldie", "80s", third, "era", None, "1980s"),
        ("Goldie", "dnb", third, "genre", "drum and bass", None),
        ("Goldie", "zorblax", third, "unknown", None, None),
        ("Kano", "Gangsta Rap", fifth, "genre", "gangsta rap", None),
        ("Kano", "Hip-Hop", fifth, "genre", "hip hop", None),
        ("Kano", "british", fifth, "place", None, "GB"),
        ("Kano", "hip hop", fifth, "genre", "hip hop", None),
        ("Kano", "seen live", fifth, "opinion", None, None),
    ]
    names = {n for (n,) in query(wh, "SELECT name FROM genres")}
    assert not names & {"zorblax", "seen live", "80s", "british"}


def test_opinions_are_dropped_and_counted_and_a_country_is_inferred(csv_wh) -> None:
    wh, _ = csv_wh
    con = warehouse.open_readonly(wh)
    try:
        figures = tag_figures(con)
    finally:
        con.close()
    assert (figures.opinion_tags, figures.opinion_pairs) == (1, 1)
    assert (figures.unknown_tags, figures.tagged_artists, figures.artists_with_genre) == (1, 2, 2)
    assert query(wh, _INFERRED) == [("Kano", "country", "GB", "british", 0.2, 1.0)]


def test_reimporting_adds_nothing_and_a_fresh_import_gives_the_same_genres(
    csv_wh, tmp_path: Path
) -> None:
    wh, path = csv_wh
    copy = tmp_path / "copy.duckdb"
    shutil.copy2(wh, copy)
    again = import_data(copy, "csv", path, mapping=_MAPPING)
    assert set(again.added.values()) == {0}
    assert query(copy, _TAGS) == query(wh, _TAGS)
    fresh = tmp_path / "fresh.duckdb"
    import_data(fresh, "csv", path, mapping=_MAPPING)
    for text in (_GENRES, _TAGS, _ARTIST_GENRES, _INFERRED):
        assert query(fresh, text) == query(wh, text)


# --- the same tag applications through three sources ---------------------------------------

_SOURCES = ARTISTS[:12]  # Adele … Eminem: soul, rock, metal, hip hop; facets and opinions


def _cells(artist: Labelled) -> list[list[str]]:
    """Row u (1 … the top count) carries every tag applied at least u times."""
    top = max(count for _, count in artist.tags)
    return [[t for t, c in artist.tags if c >= u] for u in range(1, top + 1)]


def _as_csv(root: Path, artists: tuple[Labelled, ...]) -> Path:
    """Aggregate counts, one row per (user, artist), tags '|'-separated in the genre column."""
    lines = ["user;artist;plays;genre"]
    for artist in artists:
        lines += [f"u{u};{artist.name};1;{'|'.join(tags)}" for u, tags in enumerate(_cells(artist))]
    path = root / "counts.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _as_listenbrainz(root: Path, artists: tuple[Labelled, ...]) -> Path:
    """One listen per row of :func:`_cells`, the tags in additional_info.tags."""
    listens = [
        json.dumps(
            {
                "listened_at": 1_700_000_000 + 60 * (100 * i + u),
                "user_name": "someone",
                "track_metadata": {
                    "artist_name": artist.name,
                    "track_name": "A Song",
                    "additional_info": {"tags": tags},
                },
            }
        )
        for i, artist in enumerate(artists)
        for u, tags in enumerate(_cells(artist))
    ]
    path = root / "lb.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("listens/2023/11.jsonl", "\n".join(listens) + "\n")
    return path


def test_every_source_gives_the_same_genres_tags_and_inferences(tmp_path: Path) -> None:
    hetrec, csv, lb = (tmp_path / f"{n}.duckdb" for n in ("hetrec", "csv", "lb"))
    import_data(hetrec, "hetrec-lastfm", write_hetrec(tmp_path, _SOURCES))
    import_data(
        csv,
        "csv",
        _as_csv(tmp_path, _SOURCES),
        mapping=CsvMapping(
            {"user": "user", "artist": "artist", "plays": "plays", "genre": "genre"}
        ),
    )
    import_data(lb, "listenbrainz", _as_listenbrainz(tmp_path, _SOURCES))

    tags = query(hetrec, _TAGS)
    assert len(tags) == sum(len(a.tags) for a in _SOURCES)
    assert ("Adele", "seen live", pytest.approx(9 / 349), "opinion", None, None) in tags
    assert ("Eminem", "hip-hop", pytest.approx(96 / 284), "genre", "hip hop", None) in tags
    assert len(query(hetrec, _INFERRED)) == 13  # 7 countries, 6 lead voices
    for other in (csv, lb):
        for text in (_GENRES, _TAGS, _ARTIST_GENRES, _INFERRED):
            assert query(other, text) == query(hetrec, text), (other.name, text)
