"""Emerging clusters: growth of each cluster's listeners in each community, a burst score with
an overdispersed test, and the Benjamini-Hochberg false discovery rate over every test.

Windows are ``window_days`` long and counted back from the end of the log (window 0 is the
most recent). For a cluster c in a community g, ``y_t`` is the number of g's listeners who
played c in window t and ``n_t`` the number of g's listeners active in it. The recent windows
(``t < R``) are compared with the ``K`` baseline windows before them.

Frames: ``counts`` = ``cluster_id, kind, community_id, window, listeners, plays``; ``active``
= ``kind, community_id, window, active, plays`` (see ``recsys/sql/maps/window_*.sql``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from recsys.maps._config import MapConfig

__all__ = ["TEST_COLUMNS", "bh_adjust", "burst_tests", "rank_clusters", "trajectories"]

TEST_COLUMNS = [
    "cluster_id",
    "kind",
    "community_id",
    "listeners_recent",
    "active_recent",
    "listeners_base",
    "active_base",
    "share_recent",
    "share_base",
    "growth",
    "growth_plays",
    "dispersion",
    "score",
    "p_value",
    "q_value",
    "significant",
]
"""Columns of :func:`burst_tests`'s output (the ``cluster_trends`` table, less ``run_id``)."""

_KEYS = ["cluster_id", "kind", "community_id"]


def bh_adjust(p_values: np.ndarray) -> np.ndarray:
    """Benjamini-Hochberg adjusted p-values (q-values): ``q_(i) = min_{j >= i} m p_(j) / j``.

    A test is significant at false discovery rate ``alpha`` when its q-value is at most
    ``alpha``. Source: Benjamini & Hochberg, "Controlling the false discovery rate", JRSS B
    57 (1995).
    """
    p = np.asarray(p_values, dtype=np.float64)
    m = len(p)
    if m == 0:
        return p
    order = np.argsort(p, kind="stable")
    scaled = p[order] * m / np.arange(1, m + 1)
    q_sorted = np.minimum.accumulate(scaled[::-1])[::-1]
    out = np.empty(m)
    out[order] = np.minimum(q_sorted, 1.0)
    return out


def burst_tests(counts: pd.DataFrame, active: pd.DataFrame, config: MapConfig) -> pd.DataFrame:
    """One test per (cluster, community): is the cluster's share of the community's active
    listeners higher in the recent windows than in the baseline?

    With baseline share ``p0 = sum y_t / sum n_t`` over the K baseline windows, recent share
    ``p1`` and pooled share ``p``, the burst score is

        z = (p1 - p0) / sqrt(phi * p (1 - p) * (1 / n_recent + 1 / n_base)),

    a quasi-binomial two-proportion statistic (McCullagh & Nelder, Generalized Linear
    Models, 2nd ed., 1989, sec. 4.5). Each test's own dispersion ``X2 / (K - 1)`` (``X2`` the
    Pearson chi-square of its baseline windows around ``p0``) is stored as ``dispersion``;
    ``phi`` is their median over all tests, floored at 1, because a growing cluster's own
    baseline already holds the start of its growth and would hide it. The one-sided p-value
    is Fisher's exact test of the recent window against the baseline on counts divided by
    ``phi`` (:func:`fisher_greater`): exact where a handful of listeners would make a normal
    approximation call a burst. q-values adjust every p-value for the number of tests
    (:func:`bh_adjust`); a test is significant when ``q <= fdr`` and the share grew.

    ``growth`` is the ratio of recent to baseline listener share and ``growth_plays`` the same
    for plays (each with half a count added, so a cluster from nothing stays finite).
    """
    r, k = config.recent_windows, config.baseline_windows
    if counts.empty or active.empty:
        return pd.DataFrame({col: [] for col in TEST_COLUMNS})
    c = counts[counts["window"] < r + k]
    a = active[active["window"] < r + k]
    # every (cluster, community, window) cell, zero where nobody in g played c
    grid = c[_KEYS].drop_duplicates().merge(a, on=["kind", "community_id"])
    full = grid.merge(
        c.rename(columns={"plays": "cplays"}),
        on=[*_KEYS, "window"],
        how="left",
    ).fillna({"listeners": 0, "cplays": 0})
    full["recent"] = full["window"] < r
    agg = full.groupby([*_KEYS, "recent"], sort=True)[
        ["listeners", "active", "cplays", "plays"]
    ].sum()
    flags = set(agg.index.get_level_values("recent"))
    if flags != {True, False}:  # no recent or no baseline window in the data
        return pd.DataFrame({col: [] for col in TEST_COLUMNS})
    rec = agg.xs(True, level="recent").add_suffix("_recent")
    base = agg.xs(False, level="recent").add_suffix("_base")
    both = rec.join(base, how="inner")
    both = both[(both["active_recent"] > 0) & (both["active_base"] > 0)]
    if both.empty:
        return pd.DataFrame({col: [] for col in TEST_COLUMNS})
    own = _dispersion(full[~full["recent"]], both)
    phi = max(1.0, float(own.median()))
    y1, n1 = both["listeners_recent"], both["active_recent"]
    y0, n0 = both["listeners_base"], both["active_base"]
    p1, p0 = y1 / n1, y0 / n0
    pooled = (y1 + y0) / (n1 + n0)
    se = np.sqrt(phi * pooled * (1 - pooled) * (1 / n1 + 1 / n0))
    z = np.where(se > 0, (p1 - p0) / se.where(se > 0, 1.0), 0.0)
    p_value = fisher_greater(y1 / phi, n1 / phi, y0 / phi, n0 / phi)
    out = pd.DataFrame(
        {
            "listeners_recent": y1.astype(np.int64),
            "active_recent": n1.astype(np.int64),
            "listeners_base": y0.astype(np.int64),
            "active_base": n0.astype(np.int64),
            "share_recent": p1,
            "share_base": p0,
            "growth": ((y1 + 0.5) / (n1 + 1)) / ((y0 + 0.5) / (n0 + 1)),
            "growth_plays": ((both["cplays_recent"] + 0.5) / (both["plays_recent"] + 1))
            / ((both["cplays_base"] + 0.5) / (both["plays_base"] + 1)),
            "dispersion": own,
            "score": z,
            "p_value": p_value,
        },
        index=both.index,
    ).reset_index()
    out["q_value"] = bh_adjust(out["p_value"].to_numpy())
    out["significant"] = (out["q_value"] <= config.fdr) & (out["score"] > 0)
    num = [c for c in TEST_COLUMNS if out[c].dtype.kind == "f"]
    out[num] = out[num].round(12)
    return out[TEST_COLUMNS]


def fisher_greater(
    y1: pd.Series | np.ndarray,
    n1: pd.Series | np.ndarray,
    y0: pd.Series | np.ndarray,
    n0: pd.Series | np.ndarray,
) -> np.ndarray:
    """One-sided Fisher exact p-values that a share ``y1 / n1`` exceeds ``y0 / n0``:
    ``P(X >= y1)`` for X hypergeometric (``n1 + n0`` listeners, ``y1 + y0`` of them in the
    cluster, ``n1`` drawn). Counts are rounded to whole listeners (they may have been divided
    by a dispersion)."""
    a, n, b, m = (
        np.rint(np.asarray(v, dtype=np.float64)).astype(np.int64) for v in (y1, n1, y0, n0)
    )
    n, m = np.maximum(n, a), np.maximum(m, b)
    return np.asarray(stats.hypergeom.sf(a - 1, n + m, a + b, n), dtype=np.float64)


def _dispersion(base_cells: pd.DataFrame, both: pd.DataFrame) -> pd.Series:
    """``max(1, X2 / (K - 1))`` per test, from the baseline windows' Pearson chi-square."""
    cells = base_cells.join(
        (both["listeners_base"] / both["active_base"]).rename("p0"), on=_KEYS, how="inner"
    )
    expected = cells["active"] * cells["p0"]
    var = expected * (1 - cells["p0"])
    resid = np.where(var > 0, (cells["listeners"] - expected) ** 2 / var.where(var > 0, 1.0), 0.0)
    chi2 = pd.Series(resid, index=cells.index).groupby([cells[k] for k in _KEYS]).sum()
    windows = cells.groupby(_KEYS).size()
    phi = (chi2 / (windows - 1).clip(lower=1)).reindex(both.index).fillna(1.0)
    return phi.clip(lower=1.0)


def rank_clusters(tests: pd.DataFrame) -> pd.DataFrame:
    """One row per cluster, most emerging first.

    A cluster's best test is its smallest p-value (then its largest score); the row carries
    that test's ``score``, ``p_value`` and ``q_value``, whether any of its tests is
    ``significant``, its growth among everyone, and ``communities``: the country and friend
    communities where it grew significantly, strongest first. Clusters are ordered by
    significance, then p-value, then score, then id, so the order is the same on every run.
    """
    cols = [
        "cluster_id", "score", "p_value", "q_value", "significant", "growth", "growth_plays",
        "communities", "emerging_rank",
    ]  # fmt: skip
    if tests.empty:
        return pd.DataFrame(columns=cols)
    t = tests.sort_values(
        ["cluster_id", "p_value", "score", "kind", "community_id"],
        ascending=[True, True, False, True, True],
        kind="stable",
    )
    best = t.groupby("cluster_id").first()
    overall = tests[tests["kind"] == "all"].set_index("cluster_id")
    out = pd.DataFrame(
        {
            "score": best["score"],
            "p_value": best["p_value"],
            "q_value": best["q_value"],
            "significant": t.groupby("cluster_id")["significant"].any(),
            "growth": overall["growth"].reindex(best.index),
            "growth_plays": overall["growth_plays"].reindex(best.index),
        }
    )
    drivers = t[t["significant"] & (t["kind"] != "all")]
    by_cluster = {cid: rows for cid, rows in drivers.groupby("cluster_id", sort=False)}
    out["communities"] = [
        [
            {
                "kind": str(row.kind),
                "id": str(row.community_id),
                "growth": float(row.growth),
                "score": float(row.score),
                "q_value": float(row.q_value),
            }
            for row in by_cluster[cid].itertuples()
        ]
        if cid in by_cluster
        else []
        for cid in out.index
    ]
    out = out.reset_index().sort_values(
        ["significant", "p_value", "score", "cluster_id"],
        ascending=[False, True, False, True],
        kind="stable",
    )
    out["emerging_rank"] = np.arange(1, len(out) + 1)
    return out[cols].reset_index(drop=True)


def trajectories(
    counts: pd.DataFrame, active: pd.DataFrame, log_end: pd.Timestamp, days: int
) -> pd.DataFrame:
    """Every cluster's listeners, plays and share of active listeners per window and
    community, with each window's ``window_end`` date: ``cluster_id, kind, community_id,
    window, window_end, listeners, plays, active, share``."""
    a = active.rename(columns={"plays": "community_plays"})
    grid = counts[_KEYS].drop_duplicates().merge(a, on=["kind", "community_id"])
    full = grid.merge(counts, on=[*_KEYS, "window"], how="left")
    full = full.fillna({"listeners": 0, "plays": 0}).astype(
        {"listeners": "int64", "plays": "int64"}
    )
    full["share"] = full["listeners"] / full["active"]
    full["window_end"] = pd.Timestamp(log_end) - pd.to_timedelta(full["window"] * days, unit="D")
    cols = [*_KEYS, "window", "window_end", "listeners", "plays", "active", "share"]
    return full[cols].sort_values([*_KEYS, "window"]).reset_index(drop=True)
