"""The headline metrics: what every run reports for every model, with plain definitions.

One list, read at call time by every consumer (the run summary a build writes, the Runs page's
tables and charts, run comparisons, ``soundcheck metrics``). A key names a column that
:func:`recsys.evaluation.evaluate` produces for the build's cutoffs (10 and 50).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "HEADLINE",
    "HeadlineMetric",
    "headline_keys",
    "headline_metrics",
    "metric_definition",
]


@dataclass(frozen=True)
class HeadlineMetric:
    """One headline metric.

    Attributes:
        key: the metric's column, e.g. ``"ndcg@10"``.
        label: a short name for people.
        definition: one plain-language sentence a product manager can repeat.
    """

    key: str
    label: str
    definition: str


HEADLINE: tuple[HeadlineMetric, ...] = (
    HeadlineMetric(
        "ndcg@10",
        "NDCG@10",
        "How high the items a listener really played sit in their top 10: 1 when they fill "
        "the top places, 0 when none is in the top 10 (normalised discounted cumulative gain).",
    ),
    HeadlineMetric(
        "recall@10",
        "Recall@10",
        "The share of the items a listener really played that appear in their top 10.",
    ),
    HeadlineMetric(
        "recall@50",
        "Recall@50",
        "The share of the items a listener really played that appear in their top 50.",
    ),
    HeadlineMetric(
        "map@10",
        "MAP@10",
        "Precision averaged at every hit in the top 10: rewards lists whose hits come first "
        "(mean average precision).",
    ),
    HeadlineMetric(
        "mrr",
        "MRR",
        "One over the position of the first hit (1 when the first item was played, 0.5 when "
        "the second was), averaged over listeners (mean reciprocal rank).",
    ),
    HeadlineMetric(
        "hit@10",
        "Hit rate@10",
        "The share of listeners with at least one played item in their top 10.",
    ),
)
"""The metrics every run reports for every model, in display order."""


def headline_metrics() -> tuple[HeadlineMetric, ...]:
    """The headline metrics, in display order (read at call time, so a test can extend them)."""
    return HEADLINE


def headline_keys() -> tuple[str, ...]:
    """The headline metrics' keys, in display order."""
    return tuple(m.key for m in HEADLINE)


def metric_definition(key: str) -> HeadlineMetric:
    """The headline metric ``key``.

    Raises:
        KeyError: ``key`` is not a headline metric.
    """
    for m in HEADLINE:
        if m.key == key:
            return m
    raise KeyError(f"no headline metric {key!r}; headline: {', '.join(headline_keys())}")
