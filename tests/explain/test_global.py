"""Global explanations on hand-built frames: importance, cohorts with bootstrap intervals,
interaction partners, tiers, the seeded sample, and the explanation groups."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from recsys.explain import ExplainConfig, feature_groups
from recsys.explain._global import (
    by_group,
    cohort_comparison,
    importance,
    interaction_partners,
    sample_candidates,
    tiers,
)

GROUPS = pd.Series({"a": "taste", "b": "taste", "c": "popularity"})


def test_generator_features_get_their_own_group_and_fixed_features_keep_theirs() -> None:
    table = feature_groups(["als_score", "ease_rank", "genre_affinity", "item_age_days", "odd"])
    assert table["group"].tolist() == [
        "generators",
        "generators",
        "taste",
        "freshness",
        "context",
    ]
    assert table.loc[0, "description"] == "how strongly ALS proposes the item"
    assert table.loc[1, "description"] == "the item's rank in the EASE list"


def test_importance_of_a_group_is_the_mean_absolute_sum_of_its_features() -> None:
    shap = pd.DataFrame({"a": [1.0, -1.0, 2.0, 0.0], "b": [-1.0, 1.0, 0.0, 2.0], "c": [0.5] * 4})
    out = importance(shap, GROUPS).set_index(["level", "name"])
    assert out.loc[("feature", "a"), "mean_abs_shap"] == pytest.approx(1.0)
    assert out.loc[("feature", "b"), "mean_abs_shap"] == pytest.approx(1.0)
    assert out.loc[("feature", "a"), "mean_shap"] == pytest.approx(0.5)
    # a + b per row: 0, 0, 2, 2 -> mean |.| = 1, not 1 + 1
    assert out.loc[("group", "taste"), "mean_abs_shap"] == pytest.approx(1.0)
    assert out.loc[("group", "popularity"), "mean_abs_shap"] == pytest.approx(0.5)
    groups = out.loc["group"].reset_index()
    assert groups["name"].tolist() == ["taste", "popularity"]  # largest first


def test_by_group_keeps_the_explanation_order_of_groups() -> None:
    shap = pd.DataFrame({"c": [1.0], "a": [2.0], "b": [3.0]})
    assert by_group(shap, GROUPS).to_dict("records") == [{"taste": 5.0, "popularity": 1.0}]


def test_tiers_split_into_equal_counts_lowest_first() -> None:
    values = pd.Series([5.0, 1.0, 3.0, np.nan, 2.0, 6.0, 4.0])
    out = tiers(values, ("low", "mid", "high"))
    assert out.tolist() == ["high", "low", "mid", pd.NA, "low", "high", "mid"]


def _cohort_case(rng: np.random.Generator) -> tuple[pd.DataFrame, pd.Series, pd.DataFrame]:
    """60 niche listeners whose feature a adds +1, 60 mainstream ones where it adds -1, 5
    listeners in a tiny country; 4 candidates each, with noise."""
    users = np.repeat(np.arange(125), 4)
    niche = users < 60
    a = np.where(niche, 1.0, -1.0) + rng.normal(0, 0.3, len(users))
    shap = pd.DataFrame({"a": a, "b": rng.normal(0, 0.1, len(users)), "c": np.zeros(len(users))})
    cohorts = pd.DataFrame(
        {
            "user_id": np.arange(125),
            "mainstream_group": np.where(np.arange(125) < 60, "niche", "mainstream"),
            "activity_tier": "regular",
            "country": np.where(np.arange(125) < 5, "IS", None),
            "age_group": "25-34",
        }
    )
    return shap, pd.Series(users), cohorts


def test_cohort_comparison_recovers_a_planted_difference_with_intervals(
    rng: np.random.Generator,
) -> None:
    shap, users, cohorts = _cohort_case(rng)
    out = cohort_comparison(shap, users, cohorts, GROUPS, ExplainConfig(bootstrap=400))
    a = out[(out["dimension"] == "mainstream_group") & (out["name"] == "a")].set_index("cohort")
    assert a.loc["niche", "n_users"] == 60 and a.loc["mainstream", "n_users"] == 65
    assert a.loc["niche", "ci_low"] > 0.9 and a.loc["niche", "ci_high"] < 1.1
    assert a.loc["mainstream", "ci_high"] < -0.9
    for _, row in out.iterrows():
        assert row["ci_low"] <= row["mean_shap"] <= row["ci_high"]
    taste = out[(out["level"] == "group") & (out["name"] == "taste")]
    assert set(taste["dimension"]) == {"mainstream_group", "activity_tier", "country", "age_group"}
    # five listeners in IS are folded into "other" with the 120 unknown ones; no IS row
    assert set(out.loc[out["dimension"] == "country", "cohort"]) == {"unknown"}


def test_cohort_comparison_is_seeded(rng: np.random.Generator) -> None:
    shap, users, cohorts = _cohort_case(rng)
    config = ExplainConfig(bootstrap=200, seed=3)
    first = cohort_comparison(shap, users, cohorts, GROUPS, config)
    pd.testing.assert_frame_equal(first, cohort_comparison(shap, users, cohorts, GROUPS, config))


def test_small_cohorts_are_folded_into_other_and_dropped_when_still_small(
    rng: np.random.Generator,
) -> None:
    shap, users, cohorts = _cohort_case(rng)
    ids = np.arange(125)
    cohorts["country"] = np.where(ids < 100, "US", np.where(ids < 110, "BR", "IS"))
    out = cohort_comparison(shap, users, cohorts, GROUPS, ExplainConfig(bootstrap=50))
    countries = out[out["dimension"] == "country"].groupby("cohort")["n_users"].first()
    assert countries.to_dict() == {"US": 100, "other": 25}
    cohorts["country"] = np.where(np.arange(125) < 110, "US", "BR")  # 15 in BR: gone
    out = cohort_comparison(shap, users, cohorts, GROUPS, ExplainConfig(bootstrap=50))
    assert set(out.loc[out["dimension"] == "country", "cohort"]) == {"US"}


def test_interaction_partner_finds_the_planted_interaction(rng: np.random.Generator) -> None:
    n = 3000
    x = pd.DataFrame({"x0": rng.random(n), "x1": rng.random(n), "x2": rng.random(n)})
    shap = pd.DataFrame(
        {
            "x0": (x["x0"] - 0.5) * (x["x2"] - 0.5) * 4,  # x0's effect depends on x2
            "x1": x["x1"] - 0.5,  # no interaction
            "x2": (x["x2"] - 0.5) * 0.5,
        }
    )
    out = interaction_partners(shap, x).set_index("feature")
    assert out.loc["x0", "partner"] == "x2"
    assert out.loc["x0", "strength"] > 0.5
    assert out.loc["x1", "strength"] < 0.2


def test_the_sample_is_seeded_capped_per_listener_and_independent_of_row_order(
    rng: np.random.Generator,
) -> None:
    cands = pd.DataFrame(
        {"user_id": np.repeat(np.arange(40), 30), "item_id": np.tile(np.arange(30), 40)}
    )
    cands["rank"] = cands.groupby("user_id").cumcount() + 1
    config = ExplainConfig(sample_users=10, candidates_per_user=7, seed=5)
    first = sample_candidates(cands, config)
    assert first["user_id"].nunique() == 10
    assert (first.groupby("user_id").size() == 7).all()
    shuffled = cands.sample(frac=1.0, random_state=1)
    pd.testing.assert_frame_equal(first, sample_candidates(shuffled, config))
    other = sample_candidates(cands, ExplainConfig(sample_users=10, candidates_per_user=7, seed=6))
    assert not first.equals(other)
    few = sample_candidates(cands[cands["rank"] <= 3], config)
    assert (few.groupby("user_id").size() == 3).all()  # fewer candidates than the cap: all kept
