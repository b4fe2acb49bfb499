"""The import's tag step on hetrec-style data: figures, determinism, idempotency, and the
synthetic generator's own tree left as it is."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hetrec_like import write
from labelled import Labelled, write_hetrec
from tagfiles import query

from recsys import warehouse
from recsys.io import import_data
from recsys.tags import tag_figures

_GENRES = "SELECT genre_id, name, parent_id FROM genres ORDER BY genre_id"


@pytest.fixture(scope="module")
def hetrec_like(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict]:
    root = tmp_path_factory.mktemp("hetrec_like")
    folder, planted = write(root, scale=0.05, seed=3)
    path = root / "wh.duckdb"
    import_data(path, "hetrec-lastfm", folder)
    return path, folder, planted


def test_hetrec_like_tags_become_a_small_tree_with_facets(hetrec_like) -> None:
    path, _, planted = hetrec_like
    con = warehouse.open_readonly(path)
    try:
        f = tag_figures(con)
    finally:
        con.close()
    assert f.raw_tags > 4 * f.genres  # the flat import made every raw tag a genre
    assert f.genres < 2000
    orphans = query(
        path,
        "SELECT count(*) FROM genres g WHERE parent_id IS NULL AND NOT EXISTS "
        "(SELECT 1 FROM genres c WHERE c.parent_id = g.genre_id)",
    )[0][0]
    assert orphans < 0.2 * f.genres  # parents and sub-genres; few genres the tree cannot place
    assert f.genre_coverage > 0.8
    assert f.opinion_tags > 0 and f.opinion_pairs > 0
    names = {n for (n,) in query(path, "SELECT name FROM genres")}
    assert not names & {"seen live", "female vocalists", "80s", "british", "favorites"}
    inferred = query(
        path,
        "SELECT a.name, i.attribute, i.value FROM artist_attributes_inferred i "
        "JOIN artists a USING (artist_id)",
    )
    gender = [(n, v) for n, a, v in inferred if a == "gender"]
    assert gender and sum(planted[n].lead == v for n, v in gender) / len(gender) > 0.9


def test_reimporting_adds_nothing_and_a_fresh_import_gives_the_same_genres(
    hetrec_like, tmp_path: Path
) -> None:
    path, folder, _ = hetrec_like
    copy = tmp_path / "copy.duckdb"
    shutil.copy2(path, copy)
    again = import_data(copy, "hetrec-lastfm", folder)
    assert set(again.added.values()) == {0}
    fresh = tmp_path / "fresh.duckdb"
    import_data(fresh, "hetrec-lastfm", folder)
    assert query(fresh, _GENRES) == query(path, _GENRES)
    tags = "SELECT artist_id, tag, weight, kind, genre_id, value FROM artist_tags ORDER BY ALL"
    assert query(fresh, tags) == query(path, tags)
    inferred = "SELECT * FROM artist_attributes_inferred ORDER BY ALL"
    assert query(fresh, inferred) == query(path, inferred)


def test_declared_attributes_stay_untouched(tmp_path: Path) -> None:
    folder = write_hetrec(
        tmp_path,
        (Labelled("Some Singer", ("pop",), "female", "GB", (("female vocalists", 5),)),),
    )
    path = tmp_path / "wh.duckdb"
    import_data(path, "hetrec-lastfm", folder)
    assert query(path, "SELECT gender, country FROM artists") == [(None, None)]
    assert query(
        path, "SELECT attribute, value, evidence_tag, weight_share FROM artist_attributes_inferred"
    ) == [("gender", "female", "female vocalists", 1.0)]


def test_the_synthetic_generators_tree_is_left_as_it_is(
    writable_warehouse: Path, tmp_path: Path
) -> None:
    before = query(writable_warehouse, _GENRES)
    tags = (("punk", 3), ("Brazilian", 2), ("brazilian phonk", 2), ("dnb", 1), ("Hip Hop", 1))
    folder = write_hetrec(tmp_path, (Labelled("New Act", ("rock",), None, "BR", tags),))
    import_data(writable_warehouse, "hetrec-lastfm", folder, allow_mix=True)
    assert query(writable_warehouse, _GENRES) == before  # no genre added, none re-parented
    linked = dict(
        query(
            writable_warehouse,
            "SELECT g.name, ag.weight FROM artist_genres ag JOIN genres g USING (genre_id) "
            "JOIN artists a USING (artist_id) WHERE a.name = 'New Act'",
        )
    )
    assert linked == pytest.approx(
        {
            "punk": 3 / 9,
            "Brazilian": 2 / 9,
            "brazilian phonk": 2 / 9,
            "drum and bass": 1 / 9,
            "Hip Hop": 1 / 9,
        }
    )
