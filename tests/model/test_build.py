"""``build``: one run per build, top-50 lists, metrics that agree, all-or-nothing, both grains.

The tiny warehouse is built once for the module (``built``); the repeat task and the
aggregate-only artist grain get one build each. Failures are exercised without training.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import numpy as np
import pandas as pd
import pytest

import recsys.model.build as build_mod
from recsys import warehouse
from recsys.errors import DataError
from recsys.evaluation import evaluate
from recsys.model._outputs import BuildOutputs
from recsys.model.build import (
    BuildResult,
    build,
    load_interactions,
    target_weights,
)
from recsys.model.candidates import ItemKNN, MostPopular
from recsys.model.config import BuildConfig
from recsys.model.features import FEATURES, feature_table
from recsys.model.ranker import Ranker, RankerConfig
from recsys.model.registry import generator_names
from recsys.model.split import SplitConfig, make_split

if TYPE_CHECKING:
    from conftest import BuiltTiny

GENERATORS = generator_names()
MODELS = {"lightgbm_ranker", *GENERATORS, "oracle"}
METRICS = {"ndcg@10", "recall@10", "recall@50", "map@10", "mrr", "hit@10"}
SUMMARY_KEYS = {"run_id", "task", "users_evaluated", "candidate_recall", "models"}
CONFIG = BuildConfig(ranker=RankerConfig(n_jobs=1))
"""The default build with one LightGBM thread: on two shared cores, two OpenMP threads spin
against other processes and make a tiny build 10-100x slower (the results do not change)."""


@dataclass(frozen=True)
class Built:
    path: Path
    result: BuildResult
    out: BuildOutputs
    """What ``train_and_evaluate`` returned, to replay a build without training."""
    steps: list[tuple[str, float]]


@pytest.fixture(scope="module")
def built(built_tiny: BuiltTiny) -> Built:
    """The session's one default build of tiny (tests/conftest.py), seen as this module
    reads it: what ``train_and_evaluate`` returned is what every run stage received."""
    return Built(built_tiny.path, built_tiny.result, built_tiny.context.outputs, built_tiny.steps)


@pytest.fixture(scope="module")
def con(built: Built) -> Iterator[duckdb.DuckDBPyConnection]:
    c = warehouse.open_readonly(built.path)
    yield c
    c.close()


def rows(con: duckdb.DuckDBPyConnection, query: str) -> pd.DataFrame:
    return con.execute(query).df()


def copy_of(src: Path, tmp_path: Path) -> Path:
    dst = tmp_path / "w.duckdb"
    shutil.copy2(src, dst)
    return dst


def assert_metrics_shape(summary: dict[str, Any], task: str) -> None:
    assert set(summary) == SUMMARY_KEYS
    assert summary["task"] == task
    assert set(summary["models"]) == MODELS
    for model, values in summary["models"].items():
        assert set(values) == METRICS, model
        assert all(0.0 <= v <= 1.0 for v in values.values()), (model, values)
    assert 0.0 < summary["candidate_recall"] <= 1.0
    assert summary["users_evaluated"] > 0


def assert_top_lists(reco: pd.DataFrame, users: set[int], k: int = 50) -> None:
    """At most k rows a user, ranks 1..n without gaps, scores falling, every user served."""
    per_user = reco.groupby("user_id")["rank"].agg(["size", "min", "max", "nunique"])
    assert (per_user["size"] <= k).all()
    assert (per_user["min"] == 1).all()
    assert (per_user["max"] == per_user["size"]).all()
    assert (per_user["nunique"] == per_user["size"]).all()
    assert set(per_user.index) == users
    ordered = reco.sort_values(["user_id", "rank"])
    assert (ordered.groupby("user_id")["score"].diff().dropna() <= 0).all()


@pytest.mark.slow
def test_a_build_writes_exactly_one_run_with_the_metrics_summary(
    built: Built, con: duckdb.DuckDBPyConnection
) -> None:
    runs = rows(con, "SELECT * FROM runs")
    assert len(runs) == 1
    run = runs.iloc[0]
    assert run["run_id"] == built.result.run_id
    assert (run["task"], run["grain"], run["protocol"]) == ("discovery", "track", "temporal")
    summary = json.loads(run["summary"])
    assert summary == built.result.summary
    assert summary["run_id"] == built.result.run_id
    assert_metrics_shape(summary, "discovery")
    assert json.loads(run["config"]) == json.loads(json.dumps(CONFIG.to_dict()))
    assert json.loads(run["split"])["protocol"] == "temporal"
    assert set(json.loads(run["timings"])) >= {"split", "train_ranker", "evaluate", "total"}
    # Every other table the run wrote carries its run id.
    for table in ("metrics", "metrics_per_user", "significance", "recommendations"):
        assert rows(con, f"SELECT DISTINCT run_id FROM {table}")["run_id"].tolist() == [
            built.result.run_id
        ]
    fractions = [f for _, f in built.steps]
    assert fractions == sorted(fractions) and built.steps[-1] == ("done", 1.0)


@pytest.mark.slow
def test_users_evaluated_are_the_test_window_users(
    built: Built, con: duckdb.DuckDBPyConnection
) -> None:
    interactions = target_weights(load_interactions(con, "track", events=True))
    split = make_split(interactions, SplitConfig())
    # a user whose test-window plays were all skipped has nothing relevant to find
    assert split.test["weight"].min() >= 1
    assert built.result.summary["users_evaluated"] == split.test["user_id"].nunique()


@pytest.mark.slow
def test_recommendations_are_top_50_lists_of_new_items_for_every_listener(
    con: duckdb.DuckDBPyConnection,
) -> None:
    reco = rows(con, "SELECT user_id, item_id, rank, score, sources FROM recommendations")
    listeners = set(rows(con, "SELECT DISTINCT user_id FROM listens")["user_id"])
    assert_top_lists(reco, listeners)
    assert not reco.duplicated(["user_id", "item_id"]).any()
    replayed = rows(
        con,
        "SELECT count(*) AS n FROM recommendations r "
        "JOIN listens l ON l.user_id = r.user_id AND l.track_id = r.item_id",
    )
    assert replayed["n"].iloc[0] == 0  # discovery: never anything the user ever played
    assert set(reco["item_id"]) <= set(rows(con, "SELECT track_id FROM tracks")["track_id"])
    for sources in reco["sources"]:
        assert len(sources) and set(sources) <= set(GENERATORS)


@pytest.mark.slow
def test_metrics_table_per_user_values_and_significance_agree_with_the_summary(
    built: Built, con: duckdb.DuckDBPyConnection
) -> None:
    summary = built.result.summary
    metrics = rows(con, "SELECT model, metric, value FROM metrics")
    stored = metrics.set_index(["model", "metric"])["value"]
    for model, values in summary["models"].items():
        for metric, value in values.items():
            assert stored[(model, metric)] == value, (model, metric)
    assert stored[("candidates", "candidate_recall")] == summary["candidate_recall"]

    per_user = rows(con, "SELECT model, user_id, metric, value FROM metrics_per_user")
    ndcg = per_user[per_user["metric"] == "ndcg@10"]
    assert (ndcg.groupby("model")["user_id"].nunique() == summary["users_evaluated"]).all()
    means = ndcg.groupby("model")["value"].mean()
    for model, values in summary["models"].items():
        assert means[model] == pytest.approx(values["ndcg@10"], abs=1e-12)

    (sig,) = rows(con, "SELECT * FROM significance").itertuples()
    baselines = {g: summary["models"][g]["ndcg@10"] for g in GENERATORS}
    assert sig.model_a == "lightgbm_ranker"
    assert sig.model_b == max(baselines, key=baselines.__getitem__)
    assert sig.n_users == summary["users_evaluated"]
    assert sig.mean_a == pytest.approx(summary["models"]["lightgbm_ranker"]["ndcg@10"])
    assert sig.mean_b == pytest.approx(baselines[sig.model_b])
    assert sig.ci_low <= sig.mean_diff <= sig.ci_high


@pytest.mark.slow
def test_baseline_metrics_equal_a_recomputation_with_evaluate(
    built: Built, con: duckdb.DuckDBPyConnection
) -> None:
    # The cheap generators are deterministic: refit them on the same history and score
    # them with the evaluation package directly.
    interactions = target_weights(load_interactions(con, "track", events=True))
    split = make_split(interactions, SplitConfig())
    # a user whose test-window plays were all skipped has nothing relevant to find
    assert split.test["weight"].min() >= 1
    history = split.test_features_history[["user_id", "item_id", "ts", "skipped"]].assign(
        weight=1.0  # generators count every play, skips included, as the build does
    )
    users = np.sort(split.test["user_id"].unique())
    config = CONFIG
    reco = {
        g.name: g.fit(history).recommend(users, config.n_recommendations, exclude_seen=True)
        for g in (MostPopular(), ItemKNN(n_neighbours=config.knn_neighbours))
    }
    summary, _ = evaluate(reco, split.test, ks=(10, 50))
    for model in reco:
        for metric in METRICS:
            assert built.result.summary["models"][model][metric] == pytest.approx(
                summary.loc[model, metric], abs=1e-12
            ), (model, metric)


@pytest.mark.slow
def test_the_saved_model_loads_and_reproduces_the_stored_scores(
    built: Built, con: duckdb.DuckDBPyConnection
) -> None:
    path = built.result.model_path
    assert rows(con, "SELECT model_path FROM runs")["model_path"].iloc[0] == str(path)
    assert path.is_file() and path.with_suffix(".json").is_file()
    ranker = Ranker.load(path)
    names = [f"{g}_{c}" for g in GENERATORS for c in ("score", "rank")] + [f.name for f in FEATURES]
    assert ranker.feature_names == names
    feats = rows(con, "SELECT * FROM rec_features")
    reco = rows(con, "SELECT user_id, item_id, score FROM recommendations")
    scored = feats.assign(predicted=ranker.predict(feats)).merge(reco, on=["user_id", "item_id"])
    assert len(scored) == len(reco)
    np.testing.assert_allclose(scored["predicted"], scored["score"], rtol=1e-9, atol=1e-12)
    catalog = rows(con, "SELECT name, gain_share FROM feature_catalog")
    assert sorted(catalog["name"]) == sorted(feature_table(GENERATORS)["name"])
    assert catalog["gain_share"].sum() == pytest.approx(1.0)
    curve = rows(con, "SELECT split, count(*) AS n FROM training_curve GROUP BY split")
    assert set(curve["split"]) == {"train", "valid"}


def _fail(*args: Any, **kwargs: Any) -> Any:
    raise RuntimeError("injected failure")


@pytest.mark.slow
@pytest.mark.parametrize("stage", ["candidates", "writing"])
def test_a_failed_build_leaves_the_warehouse_byte_identical(
    built: Built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, stage: str
) -> None:
    path = copy_of(built.path, tmp_path)
    before = path.read_bytes()
    models = tmp_path / "models"
    if stage == "candidates":  # fails while training, right after the split
        monkeypatch.setattr(build_mod, "_fit_generators", _fail)
    else:  # replay the trained outputs, write every table, then fail before the commit
        replay = replace(built.out, timings=dict(built.out.timings))
        monkeypatch.setattr(build_mod, "train_and_evaluate", lambda *a: replay)
        real_write = build_mod.write_run

        def write_then_fail(con: duckdb.DuckDBPyConnection, *args: Any) -> None:
            real_write(con, *args)
            assert con.execute("SELECT count(*) FROM runs").fetchone() == (2,)
            raise RuntimeError("injected failure")

        monkeypatch.setattr(build_mod, "write_run", write_then_fail)
    with pytest.raises(RuntimeError, match="injected failure"):
        build(path, CONFIG, model_dir=models)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir() if p.name != "models"] == ["w.duckdb"]
    assert not list(models.glob("*.txt")), "a failed build left its model file behind"


@pytest.mark.slow
def test_an_aggregate_only_artist_grain_dataset_builds_with_the_holdout(
    tiny_warehouse: Path, tmp_path: Path
) -> None:
    path = copy_of(tiny_warehouse, tmp_path)
    with warehouse.building(path) as c:
        c.execute(
            "INSERT INTO play_counts (user_id, artist_id, plays) "
            "SELECT l.user_id, t.artist_id, count(*) "
            "FROM listens l JOIN tracks t USING (track_id) GROUP BY ALL"
        )
        c.execute("DELETE FROM listens")
        c.execute("UPDATE datasets SET grain = 'artist'")
    result = build(path, CONFIG, model_dir=tmp_path / "models")
    con = warehouse.open_readonly(path)
    try:
        run = rows(con, "SELECT grain, protocol, summary, split FROM runs").iloc[0]
        reco = rows(con, "SELECT user_id, item_id, rank, score FROM recommendations")
        counts = rows(con, "SELECT user_id, artist_id AS item_id FROM play_counts")
        artists = set(rows(con, "SELECT artist_id FROM artists")["artist_id"])
    finally:
        con.close()
    assert (run["grain"], run["protocol"]) == ("artist", "holdout")
    assert json.loads(run["split"])["protocol"] == "holdout"
    assert json.loads(run["summary"]) == result.summary
    assert_metrics_shape(result.summary, "discovery")
    assert_top_lists(reco, set(counts["user_id"]))
    assert set(reco["item_id"]) <= artists
    assert reco.merge(counts, on=["user_id", "item_id"]).empty  # nothing already played


@pytest.mark.slow
def test_the_repeat_task_recommends_only_items_played_before(
    tiny_warehouse: Path, tmp_path: Path
) -> None:
    path = copy_of(tiny_warehouse, tmp_path)
    result = build(path, replace(CONFIG, task="repeat"), model_dir=tmp_path / "models")
    assert_metrics_shape(result.summary, "repeat")
    con = warehouse.open_readonly(path)
    try:
        assert rows(con, "SELECT task FROM runs")["task"].tolist() == ["repeat"]
        reco = rows(con, "SELECT user_id, item_id, rank, score FROM recommendations")
        played = rows(con, "SELECT DISTINCT user_id, track_id AS item_id FROM listens")
    finally:
        con.close()
    assert len(reco) > 0
    assert len(reco.merge(played, on=["user_id", "item_id"])) == len(reco)
    assert_top_lists(reco, set(reco["user_id"]))


def test_too_little_data_fails_naming_the_window(tiny_warehouse: Path, tmp_path: Path) -> None:
    path = copy_of(tiny_warehouse, tmp_path)
    with warehouse.building(path) as c:
        c.execute("DELETE FROM listens WHERE ts < (SELECT max(ts) - INTERVAL 10 DAY FROM listens)")
    before = path.read_bytes()
    with pytest.raises(DataError, match=r"the label window .* \(28-day windows\)"):
        build(path, CONFIG, model_dir=tmp_path / "models")
    assert path.read_bytes() == before


def test_a_warehouse_without_data_fails_with_a_data_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.duckdb"
    with warehouse.building(path, fresh=True):
        pass
    with pytest.raises(DataError, match="holds no dataset"):
        build(path, CONFIG, model_dir=tmp_path / "models")
