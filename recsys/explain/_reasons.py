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

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from recsys.explain._groups import generator_of

__all__ = [
    "ItemFacts",
    "Reason",
    "held_back",
    "reasons",
    "top_share_text",
]

Text = Callable[["ItemFacts"], "str | None"]


@dataclass(frozen=True)
class ItemFacts:
    """What the sentences may say about one candidate for one listener.

    Attributes:
        title: the item's name (track title, or artist name at artist grain).
        artist: the artist's name.
        unit: what the catalogue counts ("tracks" or "artists").
        values: the candidate's feature values.
        genre: the item's tag that best matches the listener (largest tag share times the
            listener's share of it), None when the listener never played any of its tags.
        genre_id: that tag's id.
        genre_items: distinct items tagged ``genre`` the listener played.
        genre_items_recent: the same in the 8 weeks before the cutoff (None: no timestamps).
        item_genre: the item's main tag (largest tag share), whether the listener knows it or not.
        parent: the item's broad genre that weighs most in the listener's listening.
        parent_share: the listener's share of plays in ``parent``.
        plays: plays of the item by everyone; recent_plays: in the last 28 days.
        listeners: distinct listeners of the item.
        top_share: the item's place by plays as a share of the catalogue (0.01: top 1%);
            recent_top_share: the same over the last 28 days (None: no recent play).
        artist_top_share, artist_recent_top_share: the same for the item's artist.
        country: the listener's country (None: unknown).
        typical: typical (median) values of some features over the run's candidates.
        generator_labels: generator name -> label.
    """

    title: str
    artist: str
    unit: str
    values: Mapping[str, float]
    genre: str | None = None
    genre_id: int | None = None
    genre_items: int = 0
    genre_items_recent: int | None = None
    item_genre: str | None = None
    parent: str | None = None
    parent_share: float = 0.0
    plays: float | None = None
    recent_plays: float | None = None
    listeners: int | None = None
    top_share: float | None = None
    recent_top_share: float | None = None
    artist_top_share: float | None = None
    artist_recent_top_share: float | None = None
    country: str | None = None
    typical: Mapping[str, float] = field(default_factory=dict)
    generator_labels: Mapping[str, str] = field(default_factory=dict)

    def value(self, feature: str) -> float | None:
        """A feature value, None when missing."""
        v = self.values.get(feature)
        return None if v is None or _nan(v) else float(v)


@dataclass(frozen=True)
class Reason:
    """One sentence about one feature's contribution.

    Attributes:
        text: the sentence.
        feature: the feature it is about.
        contribution: that feature's SHAP value (positive for a reason, negative when held back).
        genre_id: the genre a taste sentence cites (None otherwise).
    """

    text: str
    feature: str
    contribution: float
    genre_id: int | None = None


def _nan(v: object) -> bool:
    return isinstance(v, float) and math.isnan(v)


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
class _Template:
    family: str
    reason: Text
    fact: Text


_TEMPLATES: dict[str, _Template] = {
    "genre_affinity": _Template("genre", _genre_reason, _genre_fact),
    "parent_genre_affinity": _Template("parent", _parent_reason, _parent_fact),
    "item_plays_recent": _Template("popularity", _recent_reason, _recent_fact),
    "item_plays": _Template("popularity", _plays_reason, _plays_fact),
    "item_listeners": _Template("popularity", _listeners_reason, _listeners_fact),
    "item_trend": _Template("trend", _trend_reason, _trend_fact),
    "artist_plays": _Template("artist_popularity", _artist_pop_reason(False), _artist_pop_fact),
    "artist_plays_recent": _Template(
        "artist_popularity", _artist_pop_reason(True), _artist_pop_fact
    ),
    "item_skip_rate": _Template("skips", _skip_reason, _skip_fact),
    "country_popularity": _Template("country", _country_reason, _country_fact),
    "artist_familiarity": _Template(
        "artist", lambda f: _familiarity_fact(f) if _known(f) else None, _familiarity_fact
    ),
    "artist_known": _Template("artist", _known_fact, _known_fact),
    "artist_days_since": _Template("artist", _days_reason, _days_fact),
    "item_age_days": _Template("freshness", _age_reason, _age_fact),
}


def _template(feature: str) -> _Template | None:
    if feature in _TEMPLATES:
        return _TEMPLATES[feature]
    gen = generator_of(feature)
    if gen is None:
        return None  # listener-level context: the same for every item of the listener
    reason, fact = _generator(feature)
    return _Template(f"generator:{gen}", reason, fact)


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
        ((c, f) for f, c in contributions.items() if c > 0 and not _nan(c)),
        key=lambda t: (-t[0], t[1]),
    )
    out: list[Reason] = []
    used: set[str] = set()
    for c, feature in positive:
        if c < min_ratio * positive[0][0] or len(out) >= limit:
            break
        t = _template(feature)
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
        ((c, f) for f, c in contributions.items() if c < 0 and not _nan(c)),
        key=lambda t: (t[0], t[1]),
    )
    out: list[Reason] = []
    used: set[str] = set()
    for c, feature in negative:
        t = _template(feature)
        if t is None or t.family in used:
            continue
        used.add(t.family)
        text = t.fact(facts)
        if text is not None:
            out.append(Reason(text, feature, float(c)))
        if len(out) >= limit:
            break
    return out
