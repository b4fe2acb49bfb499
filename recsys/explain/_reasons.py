"""Plain-language reasons from SHAP contributions and the values behind them.

A reason is a sentence about one feature whose contribution to the item's score is positive,
stated with the listener's or the item's own figures ("You played 37 tracks tagged post-rock
in the last 8 weeks"). Each feature has a template with a guard: the template speaks only when
the value supports the sentence (no "among the most played" for an item in the middle of the
catalogue); otherwise the next largest positive contribution is tried. Features of one family
(for example plays overall and plays this month) give at most one reason.

What held an item back is a separate list, built from the most negative contributions with
neutral statements of the value ("Released 3 years ago"), and never offered as a reason.
Listener-level context features (activity, variety, skip rate, mainstreaminess) are the same
for every item of a listener, so they are neither reasons nor held-back lines; the waterfall
still shows them.
"""

from __future__ import annotations

from collections.abc import Mapping

from recsys.explain._facts import ItemFacts, Reason, is_nan
from recsys.explain._templates import template, top_share_text

__all__ = [
    "ItemFacts",
    "Reason",
    "held_back",
    "reasons",
    "top_share_text",
]


def reasons(
    contributions: Mapping[str, float],
    facts: ItemFacts,
    *,
    limit: int = 3,
    min_ratio: float = 0.1,
) -> list[Reason]:
    """Up to ``limit`` reasons from the largest positive contributions whose guard holds.

    Args:
        contributions: feature -> SHAP value of the item's score.
        facts: the values the sentences cite.
        limit: most reasons returned.
        min_ratio: a contribution below this share of the largest positive one is too small
            to be called a reason.
    """
    positive = sorted(
        ((c, f) for f, c in contributions.items() if c > 0 and not is_nan(c)),
        key=lambda t: (-t[0], t[1]),
    )
    out: list[Reason] = []
    used: set[str] = set()
    for c, feature in positive:
        if c < min_ratio * positive[0][0] or len(out) >= limit:
            break
        t = template(feature)
        if t is None or t.family in used:
            continue
        text = t.reason(facts)
        if text is None:
            continue
        used.add(t.family)
        genre = facts.genre_id if t.family == "genre" else None
        out.append(Reason(text, feature, float(c), genre))
    return out


def held_back(
    contributions: Mapping[str, float], facts: ItemFacts, *, limit: int = 2
) -> list[Reason]:
    """Up to ``limit`` statements about the most negative contributions (one per family)."""
    negative = sorted(
        ((c, f) for f, c in contributions.items() if c < 0 and not is_nan(c)),
        key=lambda t: (t[0], t[1]),
    )
    out: list[Reason] = []
    used: set[str] = set()
    for c, feature in negative:
        t = template(feature)
        if t is None or t.family in used:
            continue
        used.add(t.family)
        text = t.fact(facts)
        if text is not None:
            out.append(Reason(text, feature, float(c)))
        if len(out) >= limit:
            break
    return out
