"""Global explanations over a sample of candidates: pure functions from frames to frames.

Everything here takes SHAP values (one column per feature, one row per sampled candidate) and
returns long frames the pages plot: mean |SHAP| per feature and per group, cohort comparisons
with bootstrap intervals, and each feature's strongest interaction partner.

A group's SHAP value on a row is the sum of its features' values (SHAP values add up), so a
group's mean |SHAP| is the mean of that sum's absolute value, not the sum of its features'
mean |SHAP| (features of one group that pull in opposite directions cancel).
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from recsys.explain._groups import EXPLAIN_GROUPS
from recsys.privacy import MIN_GROUP_SIZE

__all__ = [
    "COHORT_DIMENSIONS",
    "ExplainConfig",
    "by_group",
    "cohort_comparison",
    "importance",
    "interaction_partners",
    "sample_candidates",
    "tiers",
]

COHORT_DIMENSIONS: tuple[str, ...] = ("mainstream_group", "activity_tier", "country", "age_group")
"""Columns of ``explain_users`` that cohort comparisons split listeners by."""


@dataclass(frozen=True)
class ExplainConfig:
    """What the explanations stage samples and computes (saved with the run's explanations).

    Attributes:
        sample_users: listeners drawn (seeded) for global explanations.
        candidates_per_user: candidates drawn uniformly (seeded) from each sampled listener's
            candidates; every candidate is kept when a listener has fewer.
        bootstrap: resamples of listeners for the cohort intervals.
        min_group_size: cohorts with fewer sampled listeners are folded into "other" (and
            "other" is dropped when it is still too small).
        seed: the build's seed.
    """

    sample_users: int = 500
    candidates_per_user: int = 20
    bootstrap: int = 1000
    min_group_size: int = MIN_GROUP_SIZE
    seed: int = 42


def sample_candidates(candidates: pd.DataFrame, config: ExplainConfig) -> pd.DataFrame:
    """A seeded sample of listeners and, for each, a uniform sample of their candidates.

    The result does not depend on the row order of ``candidates``: users and items are
    sorted before drawing.
    """
    rng = np.random.default_rng(config.seed)
    users = np.sort(candidates["user_id"].unique())
    if len(users) > config.sample_users:
        users = np.sort(rng.choice(users, config.sample_users, replace=False))
    part = candidates[candidates["user_id"].isin(users)]
    part = part.sort_values(["user_id", "item_id"], kind="stable", ignore_index=True)
    key = pd.Series(rng.random(len(part)), index=part.index)
    order = key.groupby(part["user_id"]).rank(method="first")
    return part[order <= config.candidates_per_user].reset_index(drop=True)


def by_group(shap: pd.DataFrame, groups: pd.Series) -> pd.DataFrame:
    """Sum SHAP columns within groups (``groups`` maps feature name -> group), groups ordered."""
    present = [g for g in EXPLAIN_GROUPS if g in set(groups)]
    present += sorted(set(groups) - set(present))
    return pd.DataFrame(
        {g: shap[list(groups.index[groups == g])].sum(axis=1) for g in present}, index=shap.index
    )


def importance(shap: pd.DataFrame, groups: pd.Series) -> pd.DataFrame:
    """Mean |SHAP| and mean SHAP per feature and per group, largest first within each level.

    Args:
        shap: one column per feature (sampled candidates as rows).
        groups: feature name -> group.

    Returns:
        ``level`` ("feature" or "group"), ``name``, ``group``, ``mean_abs_shap``, ``mean_shap``.
    """
    feats = pd.DataFrame(
        {
            "level": "feature",
            "name": shap.columns,
            "group": [groups[c] for c in shap.columns],
            "mean_abs_shap": shap.abs().mean().to_numpy(),
            "mean_shap": shap.mean().to_numpy(),
        }
    )
    g = by_group(shap, groups)
    grp = pd.DataFrame(
        {
            "level": "group",
            "name": g.columns,
            "group": g.columns,
            "mean_abs_shap": g.abs().mean().to_numpy(),
            "mean_shap": g.mean().to_numpy(),
        }
    )
    out = pd.concat([feats, grp], ignore_index=True)
    return out.sort_values(
        ["level", "mean_abs_shap", "name"], ascending=[True, False, True], ignore_index=True
    )


def tiers(values: pd.Series, labels: Sequence[str]) -> pd.Series:
    """Equal-count tiers of ``values`` (tertiles for three labels), lowest first; NaN stays NaN."""
    ranks = values.rank(method="first", pct=True)
    idx = np.ceil(ranks * len(labels)).clip(1, len(labels)) - 1
    out = pd.Series(pd.NA, index=values.index, dtype="object")
    ok = idx.notna()
    out[ok] = [labels[int(i)] for i in idx[ok]]
    return out


def _fold_small(cohort: pd.Series, min_size: int) -> pd.Series:
    counts = cohort.value_counts()
    small = counts.index[counts < min_size]
    return cohort.where(~cohort.isin(small), "other")


def cohort_comparison(
    shap: pd.DataFrame,
    users: pd.Series,
    cohorts: pd.DataFrame,
    groups: pd.Series,
    config: ExplainConfig,
) -> pd.DataFrame:
    """Mean SHAP of every feature and group per cohort, with bootstrap 95% intervals.

    Each listener counts once: their sampled candidates' SHAP values are averaged first, and
    the interval resamples listeners of the cohort (percentile bootstrap, ``config.bootstrap``
    resamples, seeded). Cohorts smaller than ``config.min_group_size`` listeners are folded
    into "other"; an unknown value (NULL) is the cohort "unknown".

    Args:
        shap: SHAP values of the sampled candidates, one column per feature.
        users: the listener of each row of ``shap``.
        cohorts: ``user_id`` and one column per :data:`COHORT_DIMENSIONS` entry.
        groups: feature name -> group.
        config: bootstrap size, minimum cohort size and seed.

    Returns:
        ``dimension, cohort, level, name, group, n_users, mean_shap, ci_low, ci_high,
        mean_abs_shap``.
    """
    rows = pd.concat([shap, by_group(shap, groups).add_prefix("group:")], axis=1)
    abs_rows = rows.abs()
    per_user = rows.groupby(users.to_numpy()).mean()
    abs_user = abs_rows.groupby(users.to_numpy()).mean()
    info = cohorts.set_index("user_id").reindex(per_user.index)
    rng = np.random.default_rng(config.seed)
    frames = []
    for dim in COHORT_DIMENSIONS:
        labels = _fold_small(info[dim].fillna("unknown").astype(str), config.min_group_size)
        for cohort in sorted(labels.unique()):
            members = labels.index[labels == cohort]
            if len(members) < config.min_group_size:
                continue
            values = per_user.loc[members].to_numpy()
            boot = _bootstrap_means(values, config.bootstrap, rng)
            low, high = np.percentile(boot, [2.5, 97.5], axis=0)
            names = list(rows.columns)
            frames.append(
                pd.DataFrame(
                    {
                        "dimension": dim,
                        "cohort": cohort,
                        "level": ["group" if n.startswith("group:") else "feature" for n in names],
                        "name": [n.removeprefix("group:") for n in names],
                        "group": [
                            n.removeprefix("group:") if n.startswith("group:") else groups[n]
                            for n in names
                        ],
                        "n_users": len(members),
                        "mean_shap": values.mean(axis=0),
                        "ci_low": low,
                        "ci_high": high,
                        "mean_abs_shap": abs_user.loc[members].to_numpy().mean(axis=0),
                    }
                )
            )
    columns = [
        "dimension",
        "cohort",
        "level",
        "name",
        "group",
        "n_users",
        "mean_shap",
        "ci_low",
        "ci_high",
        "mean_abs_shap",
    ]
    return pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=columns)


def _bootstrap_means(values: np.ndarray, n_boot: int, rng: np.random.Generator) -> np.ndarray:
    """Column means of ``n_boot`` resamples (with replacement) of the rows of ``values``."""
    n = len(values)
    draws = rng.integers(0, n, (n_boot, n))
    flat = (np.arange(n_boot)[:, None] * n + draws).ravel()
    counts = np.bincount(flat, minlength=n_boot * n).reshape(n_boot, n)
    return counts @ values / n


def interaction_partners(
    shap: pd.DataFrame, values: pd.DataFrame, *, max_rows: int = 2000, seed: int = 42
) -> pd.DataFrame:
    """For each feature, the other feature whose value best explains the spread of its SHAP.

    The heuristic of ``shap.utils.approximate_interactions``: sort rows by the feature's value,
    cut them into bins of about 50, and sum over bins the absolute correlation between the
    feature's SHAP value and each other feature's value; the largest sum names the partner.

    Returns:
        ``feature, partner, strength`` (strength: mean absolute within-bin correlation).
    """
    rng = np.random.default_rng(seed)
    idx = np.arange(len(shap))
    if len(idx) > max_rows:
        idx = np.sort(rng.choice(idx, max_rows, replace=False))
    phi = shap.to_numpy()[idx]
    x = values[list(shap.columns)].to_numpy(np.float64)[idx]
    with warnings.catch_warnings():  # a column that is missing everywhere has no median
        warnings.simplefilter("ignore", RuntimeWarning)
        median = np.nanmedian(x, axis=0)
    x = np.nan_to_num(np.where(np.isnan(x), median, x))
    size = max(min(len(idx) // 10, 50), 2)
    out = []
    for i, name in enumerate(shap.columns):
        order = np.argsort(x[:, i], kind="stable")
        totals = np.zeros(x.shape[1])
        n_bins = 0
        for lo in range(0, len(order), size):
            rows = order[lo : lo + size]
            if len(rows) < 3:
                continue
            n_bins += 1
            p = phi[rows, i] - phi[rows, i].mean()
            v = x[rows] - x[rows].mean(axis=0)
            denom = np.sqrt((p**2).sum() * (v**2).sum(axis=0))
            with np.errstate(invalid="ignore", divide="ignore"):
                corr = np.where(denom > 0, (p[:, None] * v).sum(axis=0) / denom, 0.0)
            totals += np.abs(corr)
        totals[i] = -1.0
        j = int(np.argmax(totals))
        out.append((name, shap.columns[j], float(totals[j] / max(n_bins, 1))))
    return pd.DataFrame(out, columns=["feature", "partner", "strength"])
