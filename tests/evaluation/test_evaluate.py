"""Multi-model evaluation on one user set, and the paired significance test."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from recsys.evaluation import NDCG, evaluate, metric_columns, paired_test


def reco_of(lists: dict) -> pd.DataFrame:
    rows = [(u, i, r + 1) for u, items in lists.items() for r, i in enumerate(items)]
    return pd.DataFrame(rows, columns=["user_id", "item_id", "rank"])


TRUTH = pd.DataFrame({"user_id": ["u", "u", "v"], "item_id": ["a", "b", "c"]})


def test_evaluate_scores_every_model_on_the_same_users() -> None:
    perfect = reco_of({"u": ["a", "b"], "v": ["c"], "outsider": ["a"]})
    partial = reco_of({"u": ["x", "a"]})  # nothing at all for v
    summary, per_user = evaluate({"perfect": perfect, "partial": partial}, TRUTH, ks=(1, 2))
    assert list(summary.index) == ["perfect", "partial"]
    assert summary.loc["perfect", "ndcg@2"] == 1.0
    assert summary["users"].tolist() == [2, 2]
    assert summary.loc["partial", "users_with_reco"] == 1
    assert list(per_user.columns) == ["model", "user_id", *metric_columns([1, 2])]
    assert per_user.groupby("model")["user_id"].apply(sorted).tolist() == [["u", "v"]] * 2
    partial_rows = per_user.loc[per_user["model"] == "partial"].set_index("user_id")
    assert partial_rows.loc["v"].drop("model").eq(0).all()
    assert partial_rows.loc["u", "recall@2"] == 0.5
    assert partial_rows.loc["u", "mrr"] == 0.5
    expected_ndcg = (1 / math.log2(3)) / (1 + 1 / math.log2(3))
    assert partial_rows.loc["u", "ndcg@2"] == pytest.approx(expected_ndcg)
    assert summary.loc["partial", "hit@1"] == 0.0


def test_evaluate_graded_ndcg_matches_the_metric() -> None:
    truth = TRUTH.assign(weight=[5.0, 1.0, 2.0])
    reco = reco_of({"u": ["b", "a"], "v": ["c"]})
    summary, _ = evaluate({"m": reco}, truth, ks=(2,), graded=True)
    assert summary.loc["m", "ndcg@2"] == pytest.approx(NDCG(graded=True).calc(reco, truth, 2))
    assert summary.loc["m", "ndcg@2"] < 1.0


def test_evaluate_rejects_bad_ks() -> None:
    with pytest.raises(ValueError):
        evaluate({"m": reco_of({"u": ["a"]})}, TRUTH, ks=())


def series(values, users=None) -> pd.Series:
    return pd.Series(values, index=users if users is not None else range(len(values)))


def test_paired_test_finds_a_clear_improvement(rng: np.random.Generator) -> None:
    b = rng.random(300)
    a = b + 0.05 + rng.normal(0, 0.02, 300)
    result = paired_test(series(a), series(b), seed=1)
    assert result.n_users == 300
    assert result.mean_diff == pytest.approx(float(np.mean(a - b)))
    assert 0 < result.ci_low < result.mean_diff < result.ci_high
    assert result.p_value < 1e-6
    assert paired_test(series(a), series(b), seed=1) == result
    assert set(result.to_dict()) >= {"ci_low", "ci_high", "p_value"}


def test_paired_test_no_difference(rng: np.random.Generator) -> None:
    a = rng.random(200)
    same = paired_test(series(a), series(a.copy()))
    assert same.mean_diff == 0 and same.p_value == 1.0 and same.ci_low == same.ci_high == 0
    noise = paired_test(series(a), series(rng.permutation(a)), seed=2)
    assert noise.ci_low < 0 < noise.ci_high
    assert noise.p_value > 0.01


def test_paired_test_aligns_users_and_drops_nan() -> None:
    a = pd.Series([1.0, 0.5, np.nan, 0.2], index=["u", "v", "w", "only_a"])
    b = pd.Series([0.0, 0.5, 0.3], index=["v", "u", "w"])
    result = paired_test(a, b)
    assert result.n_users == 2
    assert result.mean_diff == pytest.approx(((1.0 - 0.5) + (0.5 - 0.0)) / 2)
    with pytest.raises(ValueError):
        paired_test(a.loc[["only_a"]], b)
