"""The sentence templates of reasons and held-back lines, one per feature, with their guards.

Each feature has a ``reason`` (a sentence, or None when its guard fails: the value does not
support it) and a ``fact`` (a neutral statement of the value, for what held an item back).
Features of one ``family`` give at most one reason. See :mod:`recsys.explain._reasons`.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from recsys.explain._facts import ItemFacts
from recsys.explain._groups import generator_of

__all__ = ["Template", "template", "top_share_text"]

Text = Callable[[ItemFacts], "str | None"]


def _plural(n: float, unit: str) -> str:
    return f"{int(n):,} {unit if int(n) != 1 else unit.removesuffix('s')}"


def top_share_text(share: float) -> str:
    """A catalogue share as a round "top" figure: 0.004 -> "0.5%", 0.03 -> "5%"."""
    for bucket in (0.001, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5):
        if share <= bucket + 1e-12:
            return f"{bucket * 100:g}%"
    return "100%"


_TOP = 0.2
"""A popularity sentence speaks only for items in the top 20% of the catalogue."""


# --- taste ----------------------------------------------------------------------------------


def _genre_fact(f: ItemFacts) -> str:
    if f.genre is None or f.genre_items == 0:
        tag = f" ({f.item_genre})" if f.item_genre else ""
        return f"You have not played its genres{tag}."
    if f.genre_items_recent:
        return (
            f"You played {_plural(f.genre_items_recent, f.unit)} tagged {f.genre} "
            "in the last 8 weeks."
        )
    return f"You have played {_plural(f.genre_items, f.unit)} tagged {f.genre}."


def _genre_reason(f: ItemFacts) -> str | None:
    return None if f.genre is None or f.genre_items == 0 else _genre_fact(f)


def _parent_fact(f: ItemFacts) -> str:
    if f.parent is None:
        return "Its broad genre is not one you play."
    return f"It is {f.parent}, {f.parent_share:.0%} of your listening."


def _parent_reason(f: ItemFacts) -> str | None:
    return _parent_fact(f) if f.parent is not None and f.parent_share >= 0.05 else None


# --- popularity -----------------------------------------------------------------------------


def _recent_reason(f: ItemFacts) -> str | None:
    share = f.recent_top_share
    if share is None or share > _TOP:
        return None
    return f"Among the {top_share_text(share)} most played {f.unit} in the last 4 weeks."


def _recent_fact(f: ItemFacts) -> str:
    if not f.recent_plays:
        return "Nobody played it in the last 4 weeks."
    where = f" (top {top_share_text(f.recent_top_share)})" if f.recent_top_share else ""
    return f"{_plural(f.recent_plays, 'plays')} in the last 4 weeks{where}."


def _plays_reason(f: ItemFacts) -> str | None:
    if f.top_share is None or f.top_share > _TOP:
        return None
    return f"Among the {top_share_text(f.top_share)} most played {f.unit} overall."


def _plays_fact(f: ItemFacts) -> str:
    if not f.plays:
        return "It has no plays yet."
    where = f" (top {top_share_text(f.top_share)})" if f.top_share else ""
    return f"{_plural(f.plays, 'plays')} overall{where}."


def _listeners_reason(f: ItemFacts) -> str | None:
    if not f.listeners or f.top_share is None or f.top_share > _TOP:
        return None
    return f"{_plural(f.listeners, 'listeners')} have played it."


def _listeners_fact(f: ItemFacts) -> str:
    return f"{_plural(f.listeners or 0, 'listeners')} have played it."


def _trend_ratio(f: ItemFacts) -> float | None:
    v = f.value("item_trend")
    return None if v is None else math.exp(v)


def _trend_reason(f: ItemFacts) -> str | None:
    ratio = _trend_ratio(f)
    if ratio is None or ratio < 1.25 or (f.recent_plays or 0) < 5:
        return None
    return f"Its plays grew {ratio:.1f}x in the last 4 weeks compared with the 4 weeks before."


def _trend_fact(f: ItemFacts) -> str:
    ratio = _trend_ratio(f)
    if ratio is None:
        return "Its recent trend is unknown."
    return f"Its plays in the last 4 weeks were {ratio:.1f}x those of the 4 weeks before."


def _artist_pop_reason(recent: bool) -> Text:
    def text(f: ItemFacts) -> str | None:
        share = f.artist_recent_top_share if recent else f.artist_top_share
        if share is None or share > _TOP:
            return None
        when = " in the last 4 weeks" if recent else ""
        return f"By {f.artist}, among the {top_share_text(share)} most played artists{when}."

    return text


def _artist_pop_fact(f: ItemFacts) -> str:
    if f.artist_top_share is None:
        return f"{f.artist} has few plays."
    return f"{f.artist} is in the top {top_share_text(f.artist_top_share)} of artists by plays."


def _skip_reason(f: ItemFacts) -> str | None:
    rate, typical = f.value("item_skip_rate"), f.typical.get("item_skip_rate")
    if rate is None or typical is None or rate >= typical:
        return None
    return f"Listeners rarely skip it: about {rate:.0%} of its plays (typical: {typical:.0%})."


def _skip_fact(f: ItemFacts) -> str:
    rate, typical = f.value("item_skip_rate"), f.typical.get("item_skip_rate")
    if rate is None:
        return "Its skip rate is unknown."
    tail = f" (typical: {typical:.0%})" if typical is not None else ""
    return f"About {rate:.0%} of its plays are skipped{tail}."


def _country_reason(f: ItemFacts) -> str | None:
    v, typical = f.value("country_popularity"), f.typical.get("country_popularity")
    if not f.country or v is None or v <= 0 or (typical is not None and v <= typical):
        return None
    return f"Popular in {f.country}: {v:.1f} of every 1,000 plays there in the last 8 weeks."


def _country_fact(f: ItemFacts) -> str:
    v = f.value("country_popularity") or 0.0
    where = f.country or "your country"
    return f"{v:.1f} of every 1,000 plays in {where} in the last 8 weeks."


# --- familiarity and freshness --------------------------------------------------------------


def _known(f: ItemFacts) -> bool:
    return (f.value("artist_known") or 0.0) > 0.5


def _familiarity_fact(f: ItemFacts) -> str:
    if not _known(f):
        return f"You have not played {f.artist} before."
    n = round(math.expm1(f.value("artist_familiarity") or 0.0))
    return f"You have played {f.artist} {_plural(n, 'times')}."


def _known_fact(f: ItemFacts) -> str:
    return f"You already know {f.artist}." if _known(f) else f"{f.artist} is new to you."


def _days_reason(f: ItemFacts) -> str | None:
    d = f.value("artist_days_since")
    return None if d is None or not _known(f) else _days_fact(f)


def _days_fact(f: ItemFacts) -> str:
    d = f.value("artist_days_since")
    if d is None or not _known(f):
        return f"You have not played {f.artist} before."
    return f"You last played {f.artist} {_plural(d, 'days')} ago."


def _age_reason(f: ItemFacts) -> str | None:
    d = f.value("item_age_days")
    if d is None or d > 180:
        return None
    return f"A recent release: out {_plural(d, 'days')} ago."


def _age_fact(f: ItemFacts) -> str:
    d = f.value("item_age_days")
    if d is None:
        return "Its release date is unknown."
    if d >= 730:
        return f"Released {d / 365.25:.0f} years ago."
    return f"Released {_plural(d, 'days')} ago."


# --- candidate generators -------------------------------------------------------------------


def _generator(feature: str) -> tuple[Text, Text]:
    gen = generator_of(feature) or feature
    is_rank = feature.endswith("_rank")

    def fact(f: ItemFacts) -> str:
        label = f.generator_labels.get(gen, gen)
        rank = f.value(f"{gen}_rank")
        if rank is None:
            return f"{label} did not propose it."
        return f"{label} ranks it #{rank:.0f} of its picks for you."

    def reason(f: ItemFacts) -> str | None:
        label = f.generator_labels.get(gen, gen)
        if f.value(f"{gen}_rank") is None:
            return None
        return fact(f) if is_rank else f"{label} proposed it for you."

    return reason, fact


@dataclass(frozen=True)
class Template:
    family: str
    reason: Text
    fact: Text


_TEMPLATES: dict[str, Template] = {
    "genre_affinity": Template("genre", _genre_reason, _genre_fact),
    "parent_genre_affinity": Template("parent", _parent_reason, _parent_fact),
    "item_plays_recent": Template("popularity", _recent_reason, _recent_fact),
    "item_plays": Template("popularity", _plays_reason, _plays_fact),
    "item_listeners": Template("popularity", _listeners_reason, _listeners_fact),
    "item_trend": Template("trend", _trend_reason, _trend_fact),
    "artist_plays": Template("artist_popularity", _artist_pop_reason(False), _artist_pop_fact),
    "artist_plays_recent": Template(
        "artist_popularity", _artist_pop_reason(True), _artist_pop_fact
    ),
    "item_skip_rate": Template("skips", _skip_reason, _skip_fact),
    "country_popularity": Template("country", _country_reason, _country_fact),
    "artist_familiarity": Template(
        "artist", lambda f: _familiarity_fact(f) if _known(f) else None, _familiarity_fact
    ),
    "artist_known": Template("artist", _known_fact, _known_fact),
    "artist_days_since": Template("artist", _days_reason, _days_fact),
    "item_age_days": Template("freshness", _age_reason, _age_fact),
}


def template(feature: str) -> Template | None:
    if feature in _TEMPLATES:
        return _TEMPLATES[feature]
    gen = generator_of(feature)
    if gen is None:
        return None  # listener-level context: the same for every item of the listener
    reason, fact = _generator(feature)
    return Template(f"generator:{gen}", reason, fact)
