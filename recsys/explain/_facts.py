"""What a sentence about a candidate may cite (:class:`ItemFacts`) and a sentence about one
feature's contribution (:class:`Reason`)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = ["ItemFacts", "Reason", "is_nan"]


def is_nan(v: object) -> bool:
    """Whether ``v`` is a float NaN."""
    return isinstance(v, float) and math.isnan(v)


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
        return None if v is None or is_nan(v) else float(v)


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
