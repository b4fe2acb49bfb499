"""Accuracy metrics, multi-model evaluation and paired significance tests.

Independent of :mod:`recsys.model` (a test enforces it): metrics see only long-format frames,
``reco`` = ``user_id, item_id, rank`` and ``truth`` = ``user_id, item_id[, weight]``.

Example::

    summary, per_user = evaluate({"als": als_reco, "most_popular": pop_reco}, split.test)
    by_model = per_user.set_index("user_id").groupby("model")["ndcg@10"]
    result = paired_test(by_model.get_group("als"), by_model.get_group("most_popular"))
"""

from recsys.evaluation._evaluate import MODEL, evaluate, metric_columns
from recsys.evaluation._headline import (
    HEADLINE,
    HeadlineMetric,
    headline_keys,
    headline_metrics,
    metric_definition,
)
from recsys.evaluation._metrics import (
    MAP,
    MRR,
    NDCG,
    CandidateRecall,
    HitRate,
    Metric,
    Prepared,
    Recall,
)
from recsys.evaluation._paired import PairedTestResult, paired_test

__all__ = [
    "HEADLINE",
    "MAP",
    "MODEL",
    "MRR",
    "NDCG",
    "CandidateRecall",
    "HeadlineMetric",
    "HitRate",
    "Metric",
    "PairedTestResult",
    "Prepared",
    "Recall",
    "evaluate",
    "headline_keys",
    "headline_metrics",
    "metric_columns",
    "metric_definition",
    "paired_test",
]
