"""The map run stage inside a real build: every table written under the run, the timing
recorded, the same warehouse giving the same map, and artist-grain data without timestamps
mapped without trends."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from types import SimpleNamespace

import duckdb
import numpy as np
import pandas as pd
import pytest

from recsys import warehouse
from recsys.errors import DataError, NotFittedError
from recsys.maps import (
    MAP_TABLES,
    NOISE,
    MapConfig,
    _stage,
    compute_map,
    map_info,
    map_runs,
    resolve_run,
    run_map_stage,
)
from recsys.maps._project import cosine_knn

pytestmark = pytest.mark.slow


def test_the_build_writes_every_map_table_under_its_run(
    mapped: tuple[Path, str], mapped_con: duckdb.DuckDBPyConnection
) -> None:
    _, run_id = mapped
    for table in MAP_TABLES:
        rows = mapped_con.execute(  # table names from the stage's own allow-list
            f"SELECT count(*), count(DISTINCT run_id), min(run_id) FROM {table}"
        ).fetchall()
        assert rows[0][0] > 0 and rows[0][1] == 1 and rows[0][2] == run_id, table
    timings = json.loads(
        mapped_con.execute("SELECT timings FROM runs WHERE run_id = $r", {"r": run_id}).fetchall()[
            0
        ][0]
    )
    assert timings["map"] > 0 and timings["total"] >= timings["map"]
    info = map_info(mapped_con, run_id)
    assert info["grain"] == "track" and info["artists"] > 200
    assert set(info["facts"]["seconds"]) == {"embedding", "umap", "clusters", "trends", "exposure"}


def test_points_and_clusters_agree(mapped_con: duckdb.DuckDBPyConnection) -> None:
    points = mapped_con.execute("SELECT * FROM map_points").df()
    clusters = mapped_con.execute("SELECT * FROM clusters").df().set_index("cluster_id")
    sizes = points.groupby("cluster_id").size()
    assert (clusters.loc[sizes.index, "artists"] == sizes).all()
    assert set(points["cluster_id"]) <= set(clusters.index)
    # an artist's share of recommendations: its slots in the top 10 lists over all of them
    ((slots,),) = mapped_con.execute(
        "SELECT count(*) FROM recommendations WHERE rank <= $k", {"k": MapConfig().rec_k}
    ).fetchall()
    np.testing.assert_allclose(points["rec_share"], points["rec_slots"] / slots)
    assert 0.99 < points["rec_share"].sum() <= 1.0  # a rarely heard artist may be off the map
    assert 0.99 < points["listen_share"].sum() <= 1.0 + 1e-9
    gap = points["rec_share"] - points["listen_share"]
    np.testing.assert_allclose(points["exposure_gap"], gap)
    ranks = clusters.loc[clusters.index != NOISE, "emerging_rank"].sort_values()
    assert ranks.tolist() == list(range(1, len(ranks) + 1))


def test_the_same_warehouse_gives_the_same_map(tiny_warehouse: Path) -> None:
    con = warehouse.open_readonly(tiny_warehouse)
    try:
        a = compute_map(con, MapConfig())
        b = compute_map(con, MapConfig())
    finally:
        con.close()
    pd.testing.assert_frame_equal(a.points, b.points)
    pd.testing.assert_frame_equal(a.tests, b.tests)
    assert a.points[["x", "y"]].abs().max().max() == pytest.approx(10.0)


def test_artist_grain_without_timestamps_maps_without_trends(
    tiny_warehouse: Path, tmp_path: Path
) -> None:
    path = tmp_path / "counts.duckdb"
    shutil.copy2(tiny_warehouse, path)
    with warehouse.building(path) as con:  # the listens become aggregate play counts
        con.execute(
            "INSERT INTO play_counts (user_id, artist_id, plays) "
            "SELECT user_id, artist_id, count(*) "
            "FROM listens JOIN tracks USING (track_id) GROUP BY ALL"
        )
        con.execute("DELETE FROM listens")
    con = warehouse.open_readonly(path)
    try:
        result = compute_map(con, MapConfig())
    finally:
        con.close()
    assert len(result.points) > 200 and result.log_end is None
    assert result.tests.empty and result.months.empty
    assert result.points["growth"].isna().all()
    assert 0.99 < result.points["listen_share"].sum() <= 1.0 + 1e-9
    assert (result.clusters["cluster_id"] >= 0).sum() >= 3


def test_cosine_knn_matches_brute_force(rng: np.random.Generator) -> None:
    x = rng.normal(size=(50, 6))
    idx, dist = cosine_knn(x, 5, chunk=7)
    unit = x / np.linalg.norm(x, axis=1, keepdims=True)
    sims = unit @ unit.T
    for i in range(50):
        assert idx[i, 0] == i and dist[i, 0] == 0.0
        expected = np.argsort(-sims[i], kind="stable")[:5]
        assert set(idx[i]) == set(expected)
        np.testing.assert_allclose(dist[i, 1:], 1 - sims[i, idx[i, 1:]], atol=1e-6)


def test_data_too_small_for_a_map_leaves_the_run_without_one(
    writable_warehouse: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise DataError("the map needs at least 3 artists and 3 listeners")

    monkeypatch.setattr(_stage, "compute_map", refuse)
    ctx = SimpleNamespace(
        run_id="r1", config=SimpleNamespace(seed=1), outputs=SimpleNamespace(grain="track")
    )
    with warehouse.building(writable_warehouse, changes_content=False) as con:
        run_map_stage(con, ctx)  # type: ignore[arg-type]
    con = warehouse.open_readonly(writable_warehouse)
    try:
        assert map_runs(con).empty
        with pytest.raises(NotFittedError, match="run 'r1' has no genre map: the map needs"):
            resolve_run(con, "r1")
    finally:
        con.close()
