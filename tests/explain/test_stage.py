"""The explanations run stage on a tiny build: what it stores, that the SHAP values come from
the run's saved booster (TreeSHAP in LightGBM, the same as ``shap.TreeExplainer``) and add up
to the model's raw score, and that the same warehouse gives the same figures."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from recsys import warehouse
from recsys.errors import NotFittedError
from recsys.explain import feature_groups, load_ranker, resolve_run, sample
from recsys.explain._global import importance

pytestmark = pytest.mark.slow


def test_every_final_candidate_is_stored_with_its_features(
    explained_con: duckdb.DuckDBPyConnection,
) -> None:
    info = resolve_run(explained_con)
    cands = explained_con.execute(
        "SELECT * FROM explain_candidates WHERE run_id = $r", {"r": info.run_id}
    ).df()
    reco = explained_con.execute(
        "SELECT user_id, item_id, rank, score FROM recommendations WHERE run_id = $r",
        {"r": info.run_id},
    ).df()
    assert len(cands) > 20 * len(reco) / 50  # far more than the top 50 of each listener
    per_user = cands.groupby("user_id")["rank"].agg(["min", "max", "size"])
    assert (per_user["min"] == 1).all() and (per_user["max"] == per_user["size"]).all()
    top = cands.merge(reco, on=["user_id", "item_id"], suffixes=("", "_reco"))
    assert len(top) == len(reco)
    assert (top["rank"] == top["rank_reco"]).all()
    np.testing.assert_allclose(top["score"], top["score_reco"], rtol=0, atol=1e-12)
    types = dict(
        explained_con.execute("DESCRIBE explain_candidates").fetchall()[i][:2]
        for i in range(len(cands.columns))
    )
    assert all(types[f] == "FLOAT" for f in info.features)
    assert set(info.features) <= set(cands.columns)


def test_stored_shap_values_are_the_saved_boosters_and_add_up_to_the_raw_score(
    explained: Path, explained_con: duckdb.DuckDBPyConnection
) -> None:
    info = resolve_run(explained_con)
    ranker = load_ranker(info)
    assert info.model_path == explained.parent / "models" / f"{info.run_id}.txt"
    shap, values = sample(explained_con, info)
    names = list(info.features)
    keys = ["user_id", "item_id"]
    assert (shap[keys].to_numpy() == values[keys].to_numpy()).all()
    # contributions plus the base value equal the model's raw score, for every row
    raw = ranker.booster.predict(values[names].to_numpy(np.float32))
    np.testing.assert_allclose(shap[names].sum(axis=1) + shap["bias"], raw, atol=1e-9)
    np.testing.assert_allclose(raw, values["score"], atol=1e-9)  # the build's own scores
    assert (shap["bias"] == info.base_value).all()
    recomputed = ranker.contributions(values)
    np.testing.assert_allclose(shap[names], recomputed[names], atol=1e-12)


def test_pred_contrib_and_shap_tree_explainer_agree(
    explained_con: duckdb.DuckDBPyConnection,
) -> None:
    import shap as shap_lib

    info = resolve_run(explained_con)
    ranker = load_ranker(info)
    _, values = sample(explained_con, info)
    x = values[list(info.features)].to_numpy(np.float32)[:400]
    native = ranker.booster.predict(x, pred_contrib=True)
    explainer = shap_lib.TreeExplainer(ranker.booster)
    theirs = np.asarray(explainer.shap_values(x))
    np.testing.assert_allclose(theirs, native[:, :-1], atol=1e-6)
    assert float(np.ravel(explainer.expected_value)[0]) == pytest.approx(native[0, -1], abs=1e-6)


def test_global_importance_is_the_mean_absolute_shap_of_the_sample(
    explained_con: duckdb.DuckDBPyConnection,
) -> None:
    info = resolve_run(explained_con)
    shap, _ = sample(explained_con, info)
    groups = feature_groups(list(info.features)).set_index("name")["group"]
    expected = importance(shap[list(info.features)], groups)
    stored = explained_con.execute(
        'SELECT level, name, "group", mean_abs_shap, mean_shap FROM explain_importance '
        "WHERE run_id = $r ORDER BY level, mean_abs_shap DESC, name",
        {"r": info.run_id},
    ).df()
    pd.testing.assert_frame_equal(stored, expected, check_dtype=False, atol=1e-12)
    assert info.sample_users == shap["user_id"].nunique() <= 500
    assert shap.groupby("user_id").size().max() <= 20


def test_listeners_have_cohorts_and_the_sample_is_marked(
    explained_con: duckdb.DuckDBPyConnection,
) -> None:
    info = resolve_run(explained_con)
    users = explained_con.execute(
        "SELECT * FROM explain_users WHERE run_id = $r", {"r": info.run_id}
    ).df()
    assert users["in_sample"].sum() == info.sample_users
    tiers = users["activity_tier"].value_counts()
    assert set(tiers.index) == {"light", "regular", "heavy"}
    assert tiers.max() - tiers.min() <= 1  # tertiles
    light = users[users["activity_tier"] == "light"]["plays"].max()
    heavy = users[users["activity_tier"] == "heavy"]["plays"].min()
    assert light < heavy
    niche = users[users["mainstream_group"] == "niche"]["mainstreaminess"].max()
    main = users[users["mainstream_group"] == "mainstream"]["mainstreaminess"].min()
    assert niche < main


def test_a_run_built_before_explanations_and_an_unknown_run_say_what_to_do(
    tiny_warehouse: Path, explained: Path, tmp_path: Path
) -> None:
    con = warehouse.open_readonly(tiny_warehouse)
    try:
        with pytest.raises(NotFittedError, match="run `soundcheck build`"):
            resolve_run(con)
    finally:
        con.close()
    con = warehouse.open_readonly(explained)
    try:
        with pytest.raises(NotFittedError, match="no run 'nope'"):
            resolve_run(con, "nope")
    finally:
        con.close()
    # an older run: a run row without explanations
    path = tmp_path / "old.duckdb"
    shutil.copy2(explained, path)
    with duckdb.connect(str(path)) as rw:
        run_id = rw.execute("SELECT run_id FROM runs").fetchall()[0][0]
        rw.execute("DELETE FROM explain_runs")
    con = warehouse.open_readonly(path)
    try:
        with pytest.raises(NotFittedError, match=f"run {run_id} was built before explanations"):
            resolve_run(con)
    finally:
        con.close()


def test_the_same_warehouse_gives_the_same_figures_to_six_decimals(
    tiny_warehouse: Path,
    explained_con: duckdb.DuckDBPyConnection,
    tmp_path: Path,
    builder: Callable[[Path, Path], None],
) -> None:
    path = tmp_path / "again.duckdb"
    shutil.copy2(tiny_warehouse, path)
    builder(path, tmp_path / "models")
    query = "SELECT * EXCLUDE (run_id) FROM {} ORDER BY ALL"  # fixed table names below
    con = warehouse.open_readonly(path)
    try:
        for table in ("explain_importance", "explain_cohorts", "explain_interactions"):
            again = con.execute(query.format(table)).df()
            first = explained_con.execute(query.format(table)).df()
            pd.testing.assert_frame_equal(again.round(6), first.round(6))
        again = con.execute("SELECT * EXCLUDE (run_id) FROM explain_shap ORDER BY ALL").df()
        first = explained_con.execute(
            "SELECT * EXCLUDE (run_id) FROM explain_shap ORDER BY ALL"
        ).df()
        pd.testing.assert_frame_equal(again.round(6), first.round(6))
    finally:
        con.close()


def test_the_samples_feature_values_are_its_candidates_rows_in_shap_order(
    explained_con: duckdb.DuckDBPyConnection,
) -> None:
    info = resolve_run(explained_con)
    shap, values = sample(explained_con, info)
    params = {"run": info.run_id}
    every = explained_con.execute(
        "SELECT * EXCLUDE (run_id) FROM explain_candidates WHERE run_id = $run", params
    ).df()
    keys = shap[["user_id", "item_id"]]
    want = keys.merge(every, on=["user_id", "item_id"], how="left")[list(values.columns)]
    pd.testing.assert_frame_equal(values, want)
    assert len(every) > len(values)  # the sample is a part of the candidates
