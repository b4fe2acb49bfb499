"""Paired comparison of two models' per-user metric values."""

from __future__ import annotations

import logging
import math
from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["PairedTestResult", "paired_test"]

log = logging.getLogger(__name__)

_CHUNK_CELLS = 1 << 24


@dataclass(frozen=True)
class PairedTestResult:
    """Outcome of :func:`paired_test` (difference = a − b).

    Attributes:
        n_users: users with a value for both models.
        mean_a: mean of a over those users.
        mean_b: mean of b over those users.
        mean_diff: mean of a − b.
        ci_low: lower bound of the bootstrap confidence interval of ``mean_diff``.
        ci_high: upper bound of that interval.
        confidence: level of the interval.
        p_value: two-sided Wilcoxon signed-rank p-value (1.0 if all differences are 0).
        n_boot: bootstrap resamples.
        seed: seed of the resampling.
    """

    n_users: int
    mean_a: float
    mean_b: float
    mean_diff: float
    ci_low: float
    ci_high: float
    confidence: float
    p_value: float
    n_boot: int
    seed: int

    def to_dict(self) -> dict[str, Any]:
        """A JSON-friendly dict."""
        return asdict(self)


def paired_test(
    per_user_a: pd.Series,
    per_user_b: pd.Series,
    *,
    n_boot: int = 5_000,
    confidence: float = 0.95,
    seed: int = 0,
) -> PairedTestResult:
    """Paired bootstrap CI of the mean difference and a Wilcoxon signed-rank test.

    The two series are aligned on their index (``user_id``); users missing or NaN in either
    are dropped. The interval is the percentile interval of ``n_boot`` means of d = a − b
    resampled over users with replacement (Efron & Tibshirani, An Introduction to the
    Bootstrap, 1993, ch. 13). The p-value is scipy's two-sided Wilcoxon signed-rank test on d,
    zero differences discarded (Wilcoxon 1945; ``zero_method="wilcox"``).

    Raises:
        ValueError: no user has a value for both models, or bad ``n_boot``/``confidence``.
    """
    from scipy.stats import wilcoxon

    if n_boot < 1 or not 0.0 < confidence < 1.0:
        raise ValueError("n_boot must be >= 1 and confidence in (0, 1)")
    pair = pd.concat({"a": per_user_a, "b": per_user_b}, axis=1, join="inner").dropna()
    if pair.empty:
        raise ValueError("paired_test: no user has a value for both models")
    a = pair["a"].to_numpy(dtype=np.float64)
    b = pair["b"].to_numpy(dtype=np.float64)
    d = a - b
    n = len(d)
    rng = np.random.default_rng(seed)
    means = np.empty(n_boot)
    step = max(1, _CHUNK_CELLS // n)
    for start in range(0, n_boot, step):
        m = min(step, n_boot - start)
        means[start : start + m] = d[rng.integers(0, n, size=(m, n))].mean(axis=1)
    alpha = (1.0 - confidence) / 2.0
    low, high = np.quantile(means, [alpha, 1.0 - alpha])
    if np.all(d == 0):
        p_value = 1.0
    else:
        p_value = float(wilcoxon(d, zero_method="wilcox", alternative="two-sided").pvalue)
    if math.isnan(p_value):
        p_value = 1.0
    return PairedTestResult(
        n_users=n,
        mean_a=float(a.mean()),
        mean_b=float(b.mean()),
        mean_diff=float(d.mean()),
        ci_low=float(low),
        ci_high=float(high),
        confidence=confidence,
        p_value=p_value,
        n_boot=n_boot,
        seed=seed,
    )
