"""Bootstrap intervals, disparity ratios, verdicts and suppression for group figures.

Every group figure is a row of :data:`FIGURE_COLUMNS`. Listener-side figures resample
listeners within each group (:func:`best_group_figures`, :func:`ratio_figures`); provider-side
figures resample listeners and artists at once (``recsys.audit._exposure.provider_figures``),
so that a handful of very popular artists cannot decide a verdict. A ratio's verdict is
``pass`` when its whole interval lies inside the band, ``fail`` when it lies wholly outside,
and ``inconclusive`` when it straddles a bound (:func:`verdict`). Groups smaller than
``min_group_size`` are ``suppressed``: their row carries no figure and no size. Every resample
is seeded from the configuration's seed and the figure's name, so the same inputs give the
same intervals.
"""

from __future__ import annotations

import zlib
from typing import Final, Literal

import numpy as np
import pandas as pd

from recsys.audit._config import AuditConfig

__all__ = [
    "FIGURE_COLUMNS",
    "UNKNOWN",
    "Verdict",
    "best_group_figures",
    "percentile_interval",
    "ratio_figures",
    "rng_for",
    "row",
    "summary_figure",
    "suppressed",
    "verdict",
]

Verdict = Literal["pass", "fail", "inconclusive", "suppressed"]

UNKNOWN: Final = "unknown"
"""The group of members whose attribute is not known: shown, never the reference."""

FIGURE_COLUMNS: Final = (
    "side",
    "metric",
    "group_attribute",
    "group",
    "n",
    "value",
    "ci_low",
    "ci_high",
    "reference",
    "ratio",
    "ratio_low",
    "ratio_high",
    "verdict",
    "note",
)
"""Columns of every figure frame; ``ci_*`` bound the value and ``ratio_*`` the ratio."""

_CELLS: Final = 1 << 22


def rng_for(config: AuditConfig, *parts: str) -> np.random.Generator:
    """A generator seeded by the configuration's seed and a figure's name (order-independent)."""
    key = zlib.crc32("\x1f".join(parts).encode("utf-8"))
    return np.random.default_rng([config.seed, key])


def verdict(low: float, high: float, band: tuple[float, float]) -> Verdict:
    """``pass`` inside the band, ``fail`` wholly outside it, ``inconclusive`` otherwise."""
    if not (np.isfinite(low) and np.isfinite(high)):
        return "inconclusive"
    if low >= band[0] and high <= band[1]:
        return "pass"
    if high < band[0] or low > band[1]:
        return "fail"
    return "inconclusive"


def percentile_interval(reps: np.ndarray, confidence: float) -> tuple[np.ndarray, np.ndarray]:
    """Percentile bootstrap interval over axis 0 (Efron & Tibshirani 1993, ch. 13)."""
    alpha = (1.0 - confidence) / 2.0
    with np.errstate(invalid="ignore"):
        low, high = np.nanquantile(reps, [alpha, 1.0 - alpha], axis=0)
    return low, high


def _group_reps(
    num: np.ndarray, den: np.ndarray | None, n_boot: int, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """``n_boot`` resampled means of ``num`` (and of ``den``, drawn with the same listeners).

    ``num`` is one value per listener, or a listeners x metrics matrix (then the means are
    ``n_boot x metrics``).
    """
    n = len(num)
    width = int(np.prod(num.shape[1:], dtype=np.int64))
    top = np.empty((n_boot, *num.shape[1:]))
    bottom = np.ones(n_boot)
    step = max(1, _CELLS // max(n * width, 1))
    for lo in range(0, n_boot, step):
        m = min(step, n_boot - lo)
        idx = rng.integers(0, n, size=(m, n))
        top[lo : lo + m] = num[idx].mean(axis=1)
        if den is not None:
            bottom[lo : lo + m] = den[idx].mean(axis=1)
    return top, bottom


def row(side: str, metric: str, attribute: str, group: str, **values: object) -> dict[str, object]:
    """One figure row: the given values, NaN for the others."""
    out: dict[str, object] = dict.fromkeys(FIGURE_COLUMNS, np.nan)
    out.update(side=side, metric=metric, group_attribute=attribute, group=group, note="")
    out.update(values)
    return out


def suppressed(
    side: str, metric: str, attribute: str, group: str, k: int, who: str
) -> dict[str, object]:
    """The row of a group too small to show: no figure, no size."""
    return row(
        side,
        metric,
        attribute,
        group,
        verdict="suppressed",
        note=f"fewer than {k} {who}: suppressed",
    )


def _aligned(values: pd.Series, groups: pd.Series | None) -> pd.DataFrame:
    frame = pd.DataFrame({"v": values})
    frame["g"] = "all" if groups is None else groups.reindex(frame.index)
    return frame.dropna(subset=["v", "g"])


def best_group_figures(
    values: pd.Series | pd.DataFrame,
    groups: pd.Series,
    *,
    attribute: str,
    config: AuditConfig,
    metric: str | None = None,
    higher_is_better: bool = True,
) -> pd.DataFrame:
    """Each listener group's mean against the best group's, with intervals and verdicts.

    The reference is the group with the best mean (highest, or lowest when lower is better)
    among the groups that are large enough and known; ``ratio = mean_g / mean_ref``. Each
    resample draws listeners with replacement within every group (stratified), so the ratio
    interval carries the uncertainty of both means. Several metrics of the same listeners
    (a frame, one column per metric) share the resamples.

    Args:
        values: one value per listener (index ``user_id``), or a frame of such columns;
            listeners with a NaN are left out.
        groups: the group of each listener (index ``user_id``).
        attribute: the grouping attribute's key.
        config: band, resamples, seed and suppression threshold.
        metric: the metric's key when ``values`` is a Series.
        higher_is_better: whether a larger mean is better (NDCG) or worse (miscalibration).
    """
    frame = values.to_frame(metric or "value") if isinstance(values, pd.Series) else values
    metrics = [str(c) for c in frame.columns]
    f = frame.join(groups.rename("_g"), how="inner").dropna()
    sizes = f.groupby("_g").size().sort_index()
    k = config.min_group_size
    ok = [g for g in sizes.index if sizes[g] >= k]
    rows = [
        suppressed("listener", m, attribute, g, k, "listeners")
        for m in metrics
        for g in sizes.index
        if g not in ok
    ]
    if not ok:
        return pd.DataFrame(rows, columns=list(FIGURE_COLUMNS))
    rng = rng_for(config, "listener", ",".join(metrics), attribute)
    labels = f["_g"].to_numpy()
    vals = {g: f.loc[labels == g, metrics].to_numpy(np.float64) for g in ok}
    means = {g: v.mean(axis=0) for g, v in vals.items()}
    reps = {g: _group_reps(vals[g], None, config.n_boot, rng)[0] for g in ok}
    known = [g for g in ok if g != UNKNOWN] or ok
    pick = max if higher_is_better else min
    for j, m in enumerate(metrics):
        ref = pick(known, key=lambda g: means[g][j])
        ref_mean = float(means[ref][j])
        for g in ok:
            mean = float(means[g][j])
            lo, hi = percentile_interval(reps[g][:, j], config.confidence)
            with np.errstate(divide="ignore", invalid="ignore"):
                ratio_reps = reps[g][:, j] / reps[ref][:, j]
            ratio = mean / ref_mean if ref_mean else np.nan
            r_lo, r_hi = (
                (1.0, 1.0)
                if g == ref
                else map(float, percentile_interval(ratio_reps, config.confidence))
            )
            note = "reference: the best group" if g == ref else ""
            v = verdict(float(r_lo), float(r_hi), config.band)
            if len(known) == 1 and g == ref:
                v, note = "inconclusive", "the only group that could be formed: nothing to compare"
            rows.append(
                row(
                    "listener",
                    m,
                    attribute,
                    g,
                    n=int(sizes[g]),
                    value=mean,
                    ci_low=float(lo),
                    ci_high=float(hi),
                    reference=ref_mean,
                    ratio=ratio,
                    ratio_low=float(r_lo),
                    ratio_high=float(r_hi),
                    verdict=v,
                    note=note,
                )
            )
    return pd.DataFrame(rows, columns=list(FIGURE_COLUMNS))


def ratio_figures(
    num: pd.Series,
    den: pd.Series,
    groups: pd.Series | None,
    *,
    metric: str,
    attribute: str,
    config: AuditConfig,
    lift: bool = False,
) -> pd.DataFrame:
    """Each group's ``mean(num) / mean(den)`` over its listeners, against the band.

    For the popularity of lists against the popularity of profiles (ARP, ΔGAP) and the long-
    tail share of lists against that of profiles. ``value`` is ``mean(num)``, or the lift
    ``ratio − 1`` when ``lift``; ``reference`` is ``mean(den)``. Listeners are resampled within
    each group, numerator and denominator together. ``groups=None`` is one group, ``all``.
    """
    f = _aligned(num, groups).join(den.rename("d"), how="inner").dropna(subset=["d"])
    sizes = f.groupby("g").size().sort_index()
    k = config.min_group_size
    rng = rng_for(config, "listener", metric, attribute)
    rows = []
    for g in sizes.index:
        if sizes[g] < k:
            rows.append(suppressed("listener", metric, attribute, g, k, "listeners"))
            continue
        sub = f.loc[f["g"] == g]
        n_, d_ = sub["v"].to_numpy(np.float64), sub["d"].to_numpy(np.float64)
        top, bottom = _group_reps(n_, d_, config.n_boot, rng)
        with np.errstate(divide="ignore", invalid="ignore"):
            reps = top / bottom
        ratio = n_.mean() / d_.mean() if d_.mean() else np.nan
        r_lo, r_hi = percentile_interval(reps, config.confidence)
        if lift:
            value, lo, hi = ratio - 1.0, r_lo - 1.0, r_hi - 1.0
        else:
            value, (lo, hi) = n_.mean(), percentile_interval(top, config.confidence)
        rows.append(
            row(
                "listener",
                metric,
                attribute,
                g,
                n=int(sizes[g]),
                value=float(value),
                ci_low=float(lo),
                ci_high=float(hi),
                reference=float(d_.mean()),
                ratio=float(ratio),
                ratio_low=float(r_lo),
                ratio_high=float(r_hi),
                verdict=verdict(float(r_lo), float(r_hi), config.band),
            )
        )
    return pd.DataFrame(rows, columns=list(FIGURE_COLUMNS))


def summary_figure(
    metric: str,
    value: float,
    config: AuditConfig,
    per_user: pd.Series | None = None,
    note: str = "",
) -> pd.DataFrame:
    """A descriptive figure of the whole list set (no reference, no verdict).

    When ``per_user`` is given, ``value`` is its mean and the interval resamples listeners.
    """
    fig = row("catalogue", metric, "all", "all", value=float(value), note=note)
    if per_user is not None:
        v = per_user.dropna().to_numpy(np.float64)
        if len(v):
            rng = rng_for(config, "catalogue", metric)
            reps, _ = _group_reps(v, None, config.n_boot, rng)
            lo, hi = percentile_interval(reps, config.confidence)
            fig.update(n=len(v), value=float(v.mean()), ci_low=float(lo), ci_high=float(hi))
    fig["verdict"] = None
    return pd.DataFrame([fig], columns=list(FIGURE_COLUMNS))
