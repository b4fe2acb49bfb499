"""Explanations of the ranker: what every build stores, and why each item sits where it does.

The run stage (:func:`store_explanations`) keeps every final candidate's features and the SHAP
values of a seeded sample; the readers explain one listener's recommendations on demand from
the run's saved booster (:func:`load_listener`, :func:`explain_top`), with plain-language
reasons, comparisons (:func:`compare`), "why not" (:func:`why_not`) and what-if
(:func:`what_if`); :mod:`recsys.explain._runs` reads the global figures back.
"""

from recsys.explain._context import Listener, item_details, load_listener
from recsys.explain._faithfulness import Faithfulness, reason_faithfulness
from recsys.explain._global import COHORT_DIMENSIONS, ExplainConfig
from recsys.explain._groups import (
    EXPLAIN_GROUPS,
    GENERATOR_GROUP,
    feature_groups,
    generator_of,
    group_label,
)
from recsys.explain._history import (
    COHORT_LABELS,
    candidate_list,
    cohort_listeners,
    cohort_members,
    cohort_values,
    genre_mix,
    most_active_listener,
    read_cohort_members,
    read_cohort_values,
    top_artists,
    top_genres,
    weekly_plays,
)
from recsys.explain._listener import (
    Explained,
    WhatIf,
    compare,
    contributions_of,
    explain_items,
    explain_top,
    what_if,
)
from recsys.explain._reasons import ItemFacts, Reason, held_back, reasons
from recsys.explain._runs import (
    RunInfo,
    cohort_comparison,
    explained_runs,
    feature_stats,
    global_importance,
    interactions,
    load_ranker,
    resolve_run,
    sample,
)
from recsys.explain._stage import ACTIVITY_TIERS, MAINSTREAM_GROUPS, store_explanations
from recsys.explain._whynot import WhyNot, search, why_not

__all__ = [
    "ACTIVITY_TIERS",
    "COHORT_DIMENSIONS",
    "COHORT_LABELS",
    "EXPLAIN_GROUPS",
    "GENERATOR_GROUP",
    "MAINSTREAM_GROUPS",
    "ExplainConfig",
    "Explained",
    "Faithfulness",
    "ItemFacts",
    "Listener",
    "Reason",
    "RunInfo",
    "WhatIf",
    "WhyNot",
    "candidate_list",
    "cohort_comparison",
    "cohort_listeners",
    "cohort_members",
    "cohort_values",
    "compare",
    "contributions_of",
    "explain_items",
    "explain_top",
    "explained_runs",
    "feature_groups",
    "feature_stats",
    "generator_of",
    "genre_mix",
    "global_importance",
    "group_label",
    "held_back",
    "interactions",
    "item_details",
    "load_listener",
    "load_ranker",
    "most_active_listener",
    "read_cohort_members",
    "read_cohort_values",
    "reason_faithfulness",
    "reasons",
    "resolve_run",
    "sample",
    "search",
    "store_explanations",
    "top_artists",
    "top_genres",
    "weekly_plays",
    "what_if",
    "why_not",
]
