"""Metrics against hand-computed values and a brute-force reference implementation."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from recsys.errors import DataError
from recsys.evaluation import MAP, MRR, NDCG, CandidateRecall, HitRate, Recall


def reco_of(lists: dict[str, list[str]]) -> pd.DataFrame:
    rows = [(u, i, r + 1) for u, items in lists.items() for r, i in enumerate(items)]
    return pd.DataFrame(rows, columns=["user_id", "item_id", "rank"])


def truth_of(sets: dict[str, list[str]], weights: dict[str, list[float]] | None = None):
    rows = [(u, i) for u, items in sets.items() for i in items]
    df = pd.DataFrame(rows, columns=["user_id", "item_id"])
    if weights is not None:
        df["weight"] = [w for u in sets for w in weights[u]]
    return df


def test_ndcg_one_hit_at_rank_two() -> None:
    value = NDCG().calc(reco_of({"u": ["x", "a", "y"]}), truth_of({"u": ["a"]}), 3)
    assert value == pytest.approx(1 / math.log2(3))


def test_ndcg_two_hits_and_ideal_truncated_at_k() -> None:
    reco = reco_of({"u": ["a", "x", "b"]})
    # DCG = 1 + 1/log2(4) = 1.5; IDCG@3 over 2 relevant = 1 + 1/log2(3).
    assert NDCG().calc(reco, truth_of({"u": ["a", "b"]}), 3) == pytest.approx(
        1.5 / (1 + 1 / math.log2(3))
    )
    # Five relevant items but k = 2: both top slots relevant is ideal.
    assert NDCG().calc(reco_of({"u": ["a", "b"]}), truth_of({"u": list("abcde")}), 2) == 1.0


def test_ndcg_graded() -> None:
    reco = reco_of({"u": ["b", "a"]})
    truth = truth_of({"u": ["a", "b"]}, {"u": [3.0, 1.0]})
    expected = (1 + 3 / math.log2(3)) / (3 + 1 / math.log2(3))
    assert NDCG(graded=True).calc(reco, truth, 2) == pytest.approx(expected)
    assert NDCG().calc(reco, truth, 2) == pytest.approx(1.0)


def test_recall_map_mrr_hit_by_hand() -> None:
    reco = reco_of({"u": ["a", "x", "b", "y"], "v": ["p", "q"]})
    truth = truth_of({"u": ["a", "b", "c"], "v": ["z"]})
    assert Recall().calc_per_user(reco, truth, 3).to_dict() == {"u": 2 / 3, "v": 0.0}
    assert Recall().calc_per_user(reco, truth, 1)["u"] == pytest.approx(1 / 3)
    # AP@3 = (1/1 + 2/3) / min(3, 3)
    assert MAP().calc_per_user(reco, truth, 3)["u"] == pytest.approx((1 + 2 / 3) / 3)
    # AP@2 = (1/1) / min(3, 2)
    assert MAP().calc_per_user(reco, truth, 2)["u"] == pytest.approx(0.5)
    assert MRR().calc_per_user(reco, truth).to_dict() == {"u": 1.0, "v": 0.0}
    assert HitRate().calc(reco, truth, 2) == 0.5


def test_mrr_first_hit_at_three() -> None:
    reco = reco_of({"u": ["x", "y", "a", "b"]})
    assert MRR().calc(reco, truth_of({"u": ["a", "b"]})) == pytest.approx(1 / 3)
    assert MRR().calc(reco, truth_of({"u": ["a", "b"]}), 2) == 0.0


def test_candidate_recall_uses_the_whole_set() -> None:
    candidates = reco_of({"u": [f"c{i}" for i in range(300)] + ["a"]})
    truth = truth_of({"u": ["a", "b"]})
    assert CandidateRecall().calc(candidates, truth) == 0.5
    assert CandidateRecall().calc(candidates, truth, 10) == 0.0
    assert CandidateRecall().label(None) == "candidate_recall"


@pytest.mark.parametrize("metric", [NDCG(), Recall(), MAP(), MRR(), HitRate()])
def test_users_without_truth_are_nan_and_excluded(metric) -> None:
    reco = reco_of({"u": ["a"], "nobody": ["a"]})
    truth = truth_of({"u": ["a"], "missing": ["a"]})
    per_user = metric.calc_per_user(reco, truth, 5)
    assert math.isnan(per_user["nobody"])
    assert per_user["missing"] == 0.0  # truth but no recommendation: a miss, not NaN
    assert per_user["u"] == 1.0
    assert metric.calc(reco, truth, 5) == 0.5
    assert per_user.index.name == "user_id"


def test_all_nan_mean_is_nan() -> None:
    assert math.isnan(NDCG().calc(reco_of({"u": ["a"]}), truth_of({"v": []}), 5))


def test_rank_gaps_unsorted_rows_and_duplicates() -> None:
    reco = pd.DataFrame(
        {"user_id": ["u"] * 4, "item_id": ["a", "x", "x", "y"], "rank": [7, 2, 5, 3]}
    )
    # Order by rank: x(2), y(3), [x(5) dropped], a(7) -> a sits at position 3.
    assert NDCG().calc(reco, truth_of({"u": ["a"]}), 3) == pytest.approx(0.5)
    assert NDCG().calc(reco, truth_of({"u": ["a"]}), 2) == 0.0


def test_missing_columns_raise() -> None:
    with pytest.raises(DataError, match="rank"):
        NDCG().calc(reco_of({"u": ["a"]}).drop(columns="rank"), truth_of({"u": ["a"]}), 3)
    with pytest.raises(DataError, match="weight"):
        NDCG(graded=True).calc(reco_of({"u": ["a"]}), truth_of({"u": ["a"]}), 3)


def brute_force(lists: dict, truth: dict, k: int) -> dict[str, dict[str, float]]:
    """Textbook loops, one user at a time."""
    out: dict[str, dict[str, float]] = {}
    for u, rel in truth.items():
        top = lists.get(u, [])[:k]
        gains = [1.0 if i in rel else 0.0 for i in top]
        dcg = sum(g / math.log2(p + 2) for p, g in enumerate(gains))
        idcg = sum(1 / math.log2(p + 2) for p in range(min(len(rel), k)))
        hits, precisions = 0, []
        for p, g in enumerate(gains):
            if g:
                hits += 1
                precisions.append(hits / (p + 1))
        first = next((p + 1 for p, g in enumerate(gains) if g), None)
        out[u] = {
            "ndcg": dcg / idcg,
            "recall": hits / len(rel),
            "map": sum(precisions) / min(len(rel), k),
            "mrr": 0.0 if first is None else 1 / first,
            "hit": float(hits > 0),
        }
    return out


def test_against_brute_force(rng: np.random.Generator) -> None:
    items = [f"i{j}" for j in range(40)]
    lists = {f"u{n}": list(rng.choice(items, 20, replace=False)) for n in range(30)}
    truth = {f"u{n}": set(rng.choice(items, rng.integers(1, 8), replace=False)) for n in range(35)}
    reco = reco_of(lists)
    truth_df = truth_of({u: sorted(s) for u, s in truth.items()})
    for k in (1, 5, 10):
        expected = pd.DataFrame(brute_force(lists, truth, k)).T
        for metric in (NDCG(), Recall(), MAP(), MRR(), HitRate()):
            got = metric.calc_per_user(reco, truth_df, k).reindex(expected.index)
            np.testing.assert_allclose(got, expected[metric.name], rtol=1e-12, err_msg=metric.name)
