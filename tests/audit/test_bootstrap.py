"""Intervals, ratios, verdicts and suppression of group figures; exposure matrices."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import sparse

from recsys.audit import AuditConfig, verdict
from recsys.audit._bootstrap import (
    best_group_figures,
    ratio_figures,
    summary_figure,
)
from recsys.audit._exposure import (
    exposure_matrix,
    group_shares,
    position_weight,
    provider_figures,
)

CFG = AuditConfig(n_boot=200)


def test_verdict_rules_against_the_four_fifths_band() -> None:
    band = (0.8, 1.25)
    assert verdict(0.85, 1.1, band) == "pass"
    assert verdict(0.8, 1.25, band) == "pass"  # the bounds are inside
    assert verdict(0.4, 0.7, band) == "fail"
    assert verdict(1.3, 2.0, band) == "fail"
    assert verdict(0.7, 0.9, band) == "inconclusive"  # straddles 0.8
    assert verdict(0.7, 1.4, band) == "inconclusive"
    assert verdict(float("nan"), 1.0, band) == "inconclusive"
    assert verdict(0.85, 0.95, (0.9, 1.1)) == "inconclusive"  # the band is configurable


def _groups(sizes: dict[str, int]) -> pd.Series:
    labels = [g for g, n in sizes.items() for _ in range(n)]
    return pd.Series(labels, index=pd.RangeIndex(len(labels), name="user_id"))


def test_best_group_is_the_reference_and_small_groups_are_suppressed() -> None:
    groups = _groups({"a": 30, "b": 30, "small": 5, "unknown": 25})
    values = groups.map({"a": 0.5, "b": 0.2, "small": 0.9, "unknown": 0.8}).astype(float)
    f = best_group_figures(values, groups, metric="ndcg@10", attribute="x", config=CFG)
    f = f.set_index("group")
    assert f.loc["small", "verdict"] == "suppressed"
    assert np.isnan(f.loc["small", "value"]) and np.isnan(f.loc["small", "n"])
    # "unknown" has the best mean but is never the reference
    assert f.loc["a", "reference"] == 0.5 and f.loc["a", "verdict"] == "pass"
    assert f.loc["b", "ratio"] == pytest.approx(0.4)
    assert (f.loc["b", "ratio_low"], f.loc["b", "ratio_high"]) == pytest.approx((0.4, 0.4))
    assert f.loc["b", "verdict"] == "fail"
    assert f.loc["unknown", "ratio"] == pytest.approx(1.6) and f.loc["unknown", "n"] == 25


def test_lower_is_better_picks_the_lowest_group() -> None:
    groups = _groups({"a": 20, "b": 20})
    values = groups.map({"a": 1.0, "b": 1.1}).astype(float)
    f = best_group_figures(
        values, groups, metric="miscalibration", attribute="x", config=CFG, higher_is_better=False
    ).set_index("group")
    assert f.loc["a", "reference"] == 1.0
    assert f.loc["b", "ratio"] == pytest.approx(1.1) and f.loc["b", "verdict"] == "pass"


def test_noisy_small_gap_is_inconclusive_and_resampling_is_seeded(
    rng: np.random.Generator,
) -> None:
    groups = _groups({"a": 40, "b": 40})
    values = pd.Series(rng.exponential(1.0, 80), index=groups.index)
    values[groups == "b"] *= 0.8
    f1 = best_group_figures(values, groups, metric="m", attribute="x", config=CFG)
    f2 = best_group_figures(values, groups, metric="m", attribute="x", config=CFG)
    pd.testing.assert_frame_equal(f1, f2)
    other = best_group_figures(
        values, groups, metric="m", attribute="x", config=CFG.__class__(seed=1, n_boot=200)
    )
    assert not other["ratio_low"].equals(f1["ratio_low"])
    low = f1.set_index("group")
    worse = "b" if low.loc["a", "reference"] == low.loc["a", "value"] else "a"
    assert low.loc[worse, "ratio_low"] < 0.8 < low.loc[worse, "ratio_high"]
    assert low.loc[worse, "verdict"] == "inconclusive"


def test_ratio_figures_and_lift() -> None:
    groups = _groups({"a": 25, "b": 25})
    num = groups.map({"a": 0.3, "b": 0.1}).astype(float)
    den = pd.Series(0.2, index=groups.index)
    f = ratio_figures(
        num, den, groups, metric="popularity_lift", attribute="x", config=CFG, lift=True
    )
    f = f.set_index("group")
    assert f.loc["a", "value"] == pytest.approx(0.5) and f.loc["a", "ratio"] == pytest.approx(1.5)
    assert f.loc["a", "verdict"] == "fail" and f.loc["b", "verdict"] == "fail"
    overall = ratio_figures(num, den, None, metric="arp", attribute="all", config=CFG)
    assert overall["group"].tolist() == ["all"]
    assert overall["value"].iloc[0] == pytest.approx(0.2)
    assert overall["ratio"].iloc[0] == pytest.approx(1.0) and overall["verdict"].iloc[0] == "pass"


def test_summary_figure_has_no_verdict() -> None:
    f = summary_figure("novelty", np.nan, CFG, pd.Series([1.0, 2.0, 3.0]))
    assert f["value"].iloc[0] == 2.0 and f["verdict"].iloc[0] is None
    assert f["ci_low"].iloc[0] >= 1.0 and f["ci_high"].iloc[0] <= 3.0


def test_position_weight_and_exposure_matrix() -> None:
    assert position_weight(np.array([1, 3])).tolist() == pytest.approx([1.0, 0.5])
    lists = pd.DataFrame(
        {"user_id": [1, 1, 2, 9], "item_id": [10, 11, 10, 10], "pos": [1, 3, 1, 1]}
    )
    item_artist = pd.Series([100, 100], index=[10, 11])
    m = exposure_matrix(lists, item_artist, np.array([1, 2]), np.array([100, 200]))
    assert m.toarray().tolist() == [[1.5, 0.0], [1.0, 0.0]]  # user 9 is off the axis
    assert group_shares(np.array([1.0, 3.0, 0.0]), np.array([0, 1, 1]), 2).tolist() == [0.25, 0.75]


def _provider(exposed_b: float) -> pd.DataFrame:
    n_users, n_artists = 50, 40
    group = np.repeat([0, 1], n_artists // 2)
    weights = np.where(group == 1, exposed_b, 1.0)
    exposure = sparse.csr_matrix(np.tile(weights, (n_users, 1)))
    refs = {"catalogue": np.ones(n_artists)}
    groupings = {"artist_x": (group, ["a", "b"])}
    return provider_figures(exposure, refs, groupings, config=CFG).set_index("group")


def test_provider_figures_resample_listeners_and_artists() -> None:
    fair = _provider(1.0)
    assert fair["ratio"].tolist() == pytest.approx([1.0, 1.0])
    assert (fair["verdict"] == "pass").all()
    assert fair["metric"].unique().tolist() == ["exposure_vs_catalogue"]
    unfair = _provider(0.25)
    # shares: a = 1/1.25 = .8, b = .2; catalogue .5 each
    assert unfair.loc["b", "value"] == pytest.approx(0.2)
    assert unfair.loc["b", "ratio"] == pytest.approx(0.4)
    assert unfair.loc["b", "verdict"] == "fail" and unfair.loc["a", "verdict"] == "fail"
    assert unfair.loc["b", "ratio_low"] < 0.4 < unfair.loc["b", "ratio_high"]  # artists vary
