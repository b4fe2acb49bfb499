"""The trend detector against the planted truth: on synthetic data with emerging sub-genres
(``ground_truth_emerging``) it finds each of them in a cluster among the five most emerging,
driven by the country they were planted in; with every plant off it finds nothing.

``tiny`` is too small for a defensible answer (about 24 listeners in the focus country); the
smallest size that gives one is about half of ``demo``'s listeners and a quarter of its plays.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import pandas as pd
import pytest

from recsys import warehouse
from recsys.maps import MapConfig, MapResult, compute_map
from recsys.synth import Plants, SynthConfig, generate_warehouse

pytestmark = pytest.mark.slow

SIZE = {"n_users": 1_500, "n_artists": 1_500, "n_tracks": 12_000, "n_listens": 375_000}


def _mapped(path: Path, plants: Plants) -> tuple[MapResult, pd.DataFrame]:
    generate_warehouse(path, SynthConfig("planted", **SIZE, seed=7, plants=plants))
    con: duckdb.DuckDBPyConnection = warehouse.open_readonly(path)
    try:
        truth = con.execute("SELECT name, focus_country FROM ground_truth_emerging").df()
        return compute_map(con, MapConfig()), truth
    finally:
        con.close()


@pytest.fixture(scope="module")
def planted(tmp_path_factory: pytest.TempPathFactory) -> tuple[MapResult, pd.DataFrame]:
    return _mapped(tmp_path_factory.mktemp("planted") / "w.duckdb", Plants())


@pytest.fixture(scope="module")
def unplanted(tmp_path_factory: pytest.TempPathFactory) -> tuple[MapResult, pd.DataFrame]:
    return _mapped(tmp_path_factory.mktemp("unplanted") / "w.duckdb", Plants.none())


def test_every_planted_sub_genre_is_found_with_its_country(
    planted: tuple[MapResult, pd.DataFrame],
) -> None:
    result, truth = planted
    assert len(truth) == 3 and set(truth["focus_country"]) == {"BR"}
    top5 = result.clusters[result.clusters["cluster_id"] >= 0].head(5)
    assert top5["emerging_rank"].tolist() == [1, 2, 3, 4, 5]
    for genre, country in zip(truth["name"], truth["focus_country"], strict=True):
        hits = top5[[genre in g for g in top5["top_genres"]]]
        assert not hits.empty, f"{genre} is in no top-5 cluster's top genres"
        named = [
            any(c["kind"] == "country" and c["id"] == country for c in communities)
            for communities in hits["communities"]
        ]
        assert any(named), f"{country} drives none of the clusters holding {genre}"
    # the clusters holding them are significant after the false discovery rate
    holding = top5[[any(g in set(truth["name"]) for g in gs[:2]) for gs in top5["top_genres"]]]
    assert holding["significant"].all() and (holding["q_value"] < 0.001).all()
    assert (holding["growth"] > 3).all()


def test_nothing_is_significant_without_plants(
    unplanted: tuple[MapResult, pd.DataFrame],
) -> None:
    result, truth = unplanted
    assert truth.empty
    assert len(result.tests) > 500  # clusters x communities were tested
    assert not result.tests["significant"].any()
    assert not result.clusters["significant"].any()
    assert result.clusters["communities"].map(len).sum() == 0
