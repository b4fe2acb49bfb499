"""The burst test: Benjamini-Hochberg by hand, a cluster that grows in one community is
found there and only there, a steady one is not, and the ranking puts the grower first."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from recsys.maps import MapConfig, bh_adjust, burst_tests, rank_clusters

CONFIG = MapConfig(recent_windows=1, baseline_windows=6)


def test_bh_adjust_by_hand() -> None:
    p = np.array([0.01, 0.04, 0.03, 0.20])
    # sorted 0.01, 0.03, 0.04, 0.20 -> 0.04, 0.06, 0.0533, 0.20 -> monotone from the top
    expected = np.array([0.04, 0.16 / 3, 0.16 / 3, 0.20])
    np.testing.assert_allclose(bh_adjust(p), expected)
    assert bh_adjust(np.array([])).size == 0
    assert bh_adjust(np.array([0.9, 0.8])).max() <= 1.0


def _frames(
    shares: dict[tuple[int, str], list[float]], active: int = 400
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Counts for clusters x communities from listener shares per window (window 0 first)."""
    counts, act = [], []
    for (cid, community), per_window in shares.items():
        for w, share in enumerate(per_window):
            n = round(share * active)
            if n:
                counts.append((cid, "country", community, w, n, 3 * n))
    for community in {c for _, c in shares}:
        for w in range(7):
            act.append(("country", community, w, active, 40 * active))
    cols = ["cluster_id", "kind", "community_id", "window", "listeners", "plays"]
    return (
        pd.DataFrame(counts, columns=cols),
        pd.DataFrame(act, columns=["kind", "community_id", "window", "active", "plays"]),
    )


STEADY = [0.20, 0.21, 0.19, 0.20, 0.22, 0.18, 0.20]


def test_growth_in_one_community_is_found_there_only() -> None:
    shares = {
        (1, "BR"): [0.30, 0.02, 0.01, 0.0, 0.0, 0.0, 0.0],  # from nothing to 30 %
        (1, "US"): [0.02, 0.02, 0.01, 0.02, 0.02, 0.01, 0.02],
        (2, "BR"): STEADY,
        (2, "US"): STEADY[::-1],
    }
    counts, active = _frames(shares)
    tests = burst_tests(counts, active, CONFIG).set_index(["cluster_id", "community_id"])
    assert tests.loc[(1, "BR"), "significant"]
    assert tests.loc[(1, "BR"), "growth"] > 20
    assert not tests.loc[(1, "US"), "significant"]
    assert not tests.loc[(2, "BR"), "significant"] and not tests.loc[(2, "US"), "significant"]
    # the growth by hand: (120 + 0.5) / 401 over (12 + 0.5) / 2401
    assert tests.loc[(1, "BR"), "growth"] == pytest.approx((120.5 / 401) / (12.5 / 2401))
    ranked = rank_clusters(tests.reset_index())
    assert ranked["cluster_id"].tolist() == [1, 2]
    assert ranked.loc[0, "communities"][0]["id"] == "BR"
    assert [c["id"] for c in ranked.loc[0, "communities"]] == ["BR"]


def test_a_wandering_baseline_is_not_a_burst() -> None:
    # the same last window as above, but the cluster swings this much all the time
    swinging = [0.30, 0.05, 0.32, 0.04, 0.29, 0.06, 0.31]
    counts, active = _frames({(1, "BR"): swinging, (2, "BR"): STEADY})
    tests = burst_tests(counts, active, CONFIG).set_index("cluster_id")
    assert tests.loc[1, "dispersion"] > 10
    # the pooled dispersion of two tests is their median: large enough to hold it back
    assert not tests["significant"].any()


def test_a_drop_is_never_significant() -> None:
    counts, active = _frames({(1, "BR"): [0.0, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3]})
    tests = burst_tests(counts, active, CONFIG)
    assert tests.loc[0, "score"] < 0 and not tests.loc[0, "significant"]
    assert tests.loc[0, "p_value"] > 0.5


def test_no_data_no_tests() -> None:
    counts, active = _frames({})
    assert burst_tests(counts, active, CONFIG).empty
    assert rank_clusters(burst_tests(counts, active, CONFIG)).empty
