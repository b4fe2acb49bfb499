"""Group definitions: which listeners and which artists the audit compares.

Each grouping is a :class:`GroupAttribute` in :data:`ATTRIBUTES`, with its side (listeners or
artists), where its values come from (``declared`` by the data, ``derived`` by Soundcheck from
the listening, or ``inferred``, e.g. from tags) and a function that assigns every member a
group. The source is data, not code: an inferred artist gender, stored in its own table and
marked inferred, is one more entry (``artist_gender_inferred``) beside the declared one, with
its own groups and figures, never mixed into them. When the data cannot form a grouping (no
artist declares a gender, the log has no timestamps), the function raises
:class:`Unavailable` with the reason, and the audit reports it instead of an empty chart.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

import numpy as np
import pandas as pd

from recsys.audit._bootstrap import UNKNOWN
from recsys.audit._data import AuditData
from recsys.audit._popularity import artist_tiers
from recsys.schema import Columns

__all__ = [
    "ATTRIBUTES",
    "GroupAttribute",
    "Side",
    "Unavailable",
    "assign_groups",
    "attribute",
    "inferred_keys",
    "mainstreaminess",
]

Side = Literal["listener", "artist"]
Source = Literal["declared", "derived", "inferred"]

_U = Columns.user_id
MIN_ARTISTS_FOR_MAINSTREAMINESS = 5
"""A listener's mainstreaminess needs at least this many distinct artists in their history."""


class Unavailable(Exception):
    """The data cannot form this grouping; the message says why."""


@dataclass(frozen=True)
class GroupAttribute:
    """One way of splitting listeners or artists into groups.

    Attributes:
        key: identifier, e.g. ``listener_country`` (the ``group_attribute`` of figures).
        side: ``listener`` or ``artist``.
        label: what people read.
        source: ``declared``, ``derived`` or ``inferred``.
        description: how members are assigned, in one sentence.
        assign: returns each member's group (index ``user_id`` or ``artist_id``; NaN for a
            member left out) or raises :class:`Unavailable`.
    """

    key: str
    side: Side
    label: str
    source: Source
    description: str
    assign: Callable[[AuditData], pd.Series]


def _declared(frame: str, id_col: str, column: str, what: str) -> Callable[[AuditData], pd.Series]:
    def assign(data: AuditData) -> pd.Series:
        table: pd.DataFrame = getattr(data, frame)
        values = table.set_index(id_col)[column]
        if values.notna().sum() == 0:
            raise Unavailable(f"no {what} is declared in the data ({frame}.{column} is empty)")
        return values.astype(object).where(values.notna(), UNKNOWN)

    return assign


def _inferred(attribute: str, what: str) -> Callable[[AuditData], pd.Series]:
    def assign(data: AuditData) -> pd.Series:
        rows = data.inferred.loc[data.inferred["attribute"] == attribute]
        if rows.empty:
            raise Unavailable(
                f"no artist's tags state a {what} (inferred attributes come from the free tags "
                "of imported data)"
            )
        values = rows.set_index("artist_id")["value"].astype(object)
        ids = data.artists["artist_id"]
        return values.reindex(ids).where(lambda v: v.notna(), UNKNOWN)

    return assign


def _terciles(values: pd.Series, names: tuple[str, str, str]) -> pd.Series:
    """Equal thirds by value (ties by id), NaN values left out."""
    v = values.dropna().sort_index().sort_values(kind="stable")
    pos = np.arange(len(v))
    labels = np.array(names, dtype=object)[np.minimum(3 * pos // max(len(v), 1), 2)]
    return pd.Series(labels, index=v.index).reindex(values.index)


def mainstreaminess(history: pd.DataFrame, item_artist: pd.Series) -> pd.Series:
    """How closely each listener's artist ranking follows the global one (−1 to 1).

    Spearman's ρ between the listener's play counts of their artists and those artists'
    global play counts, over the artists the listener played (at least
    :data:`MIN_ARTISTS_FOR_MAINSTREAMINESS`). A rank-correlation variant of Bauer & Schedl's
    ``M_global^{R,APC}`` (Bauer & Schedl, "Global and country-specific mainstreaminess
    measures", PLOS ONE 2019, who use Kendall's τ), as used for the LowMS/MedMS/HighMS groups of
    Kowald, Schedl & Lex, ECIR 2020.
    """
    per = history.assign(artist_id=item_artist.reindex(history[Columns.item_id]).to_numpy())
    per = per.groupby([_U, "artist_id"], as_index=False)["plays"].sum()
    per["global"] = per.groupby("artist_id")["plays"].transform("sum")
    per = per.sort_values([_U, "artist_id"], kind="stable")
    by = per.groupby(_U)
    per["r1"] = by["plays"].rank(method="average")
    per["r2"] = by["global"].rank(method="average")
    per["c1"] = per["r1"] - per.groupby(_U)["r1"].transform("mean")
    per["c2"] = per["r2"] - per.groupby(_U)["r2"].transform("mean")
    sums = (
        per.assign(xy=per["c1"] * per["c2"], xx=per["c1"] ** 2, yy=per["c2"] ** 2)
        .groupby(_U)[["xy", "xx", "yy"]]
        .sum()
    )
    n = per.groupby(_U).size()
    with np.errstate(divide="ignore", invalid="ignore"):
        rho = sums["xy"] / np.sqrt(sums["xx"] * sums["yy"])
    rho[(n < MIN_ARTISTS_FOR_MAINSTREAMINESS) | ~np.isfinite(rho)] = np.nan
    return rho.rename("mainstreaminess")


def _mainstreaminess(data: AuditData) -> pd.Series:
    rho = mainstreaminess(data.history, data.item_artist)
    if rho.notna().sum() == 0:
        raise Unavailable(
            f"no listener has played {MIN_ARTISTS_FOR_MAINSTREAMINESS} or more artists"
        )
    return _terciles(rho, ("LowMS", "MedMS", "HighMS"))


def _activity(data: AuditData) -> pd.Series:
    plays = data.history.groupby(_U)["plays"].sum()
    return _terciles(plays, ("light", "medium", "heavy"))


def _tier(data: AuditData) -> pd.Series:
    return artist_tiers(data.artist_plays, data.config.tier_share)


def _new_artist(data: AuditData) -> pd.Series:
    if data.log_end is None:
        raise Unavailable("the log has no timestamps, so there is no 'last year' to debut in")
    debut = pd.to_datetime(data.artists.set_index("artist_id")["debut"])
    if debut.notna().sum() == 0:
        raise Unavailable("no artist has a debut year or a dated release")
    since = data.log_end - pd.Timedelta(days=data.config.new_artist_days)
    new = pd.Series(np.where(debut >= since, "new", "established"), index=debut.index)
    return new.where(debut.notna(), UNKNOWN)


ATTRIBUTES: tuple[GroupAttribute, ...] = (
    GroupAttribute(
        "listener_mainstreaminess",
        "listener",
        "Mainstreaminess",
        "derived",
        "Thirds of listeners by how closely their artist play counts follow the global "
        "ranking (Spearman's ρ): LowMS, MedMS, HighMS.",
        _mainstreaminess,
    ),
    GroupAttribute(
        "listener_activity",
        "listener",
        "Activity",
        "derived",
        "Thirds of listeners by plays in their history: light, medium, heavy.",
        _activity,
    ),
    GroupAttribute(
        "listener_country",
        "listener",
        "Country",
        "declared",
        "The listener's declared country.",
        _declared("users", _U, "country", "listener country"),
    ),
    GroupAttribute(
        "listener_age_group",
        "listener",
        "Age group",
        "declared",
        "The listener's declared age group.",
        _declared("users", _U, "age_group", "listener age group"),
    ),
    GroupAttribute(
        "listener_gender",
        "listener",
        "Gender",
        "declared",
        "The listener's declared gender.",
        _declared("users", _U, "gender", "listener gender"),
    ),
    GroupAttribute(
        "artist_gender",
        "artist",
        "Artist gender",
        "declared",
        "The artist's declared gender (female, male, mixed for groups, non-binary).",
        _declared("artists", "artist_id", "gender", "artist gender"),
    ),
    GroupAttribute(
        "artist_country",
        "artist",
        "Artist country",
        "declared",
        "The artist's declared country.",
        _declared("artists", "artist_id", "country", "artist country"),
    ),
    GroupAttribute(
        "artist_gender_inferred",
        "artist",
        "Artist lead voice, inferred from tags",
        "inferred",
        "The lead voice's gender that the artist's voice tags state ('female vocalists'), "
        "where they agree; never mixed with a declared gender.",
        _inferred("gender", "lead-voice gender"),
    ),
    GroupAttribute(
        "artist_country_inferred",
        "artist",
        "Artist country, inferred from tags",
        "inferred",
        "The country that the artist's place tags state ('british', 'brazilian'), where they "
        "agree; never mixed with a declared country.",
        _inferred("country", "country"),
    ),
    GroupAttribute(
        "artist_popularity",
        "artist",
        "Artist popularity tier",
        "derived",
        "Head: the most played artists taking the first 20% of plays; tail: the least played "
        "taking the last 20% (never played included); mid: the rest.",
        _tier,
    ),
    GroupAttribute(
        "artist_new",
        "artist",
        "New artists",
        "derived",
        "New: the artist debuted (first dated release, else mid debut year) in the last year "
        "of the log; established otherwise.",
        _new_artist,
    ),
)
"""Every grouping the audit forms, listeners first."""


def inferred_keys() -> tuple[str, ...]:
    """The groupings whose values are inferred (from tags) rather than declared or derived."""
    return tuple(a.key for a in ATTRIBUTES if a.source == "inferred")


def attribute(key: str) -> GroupAttribute:
    """The grouping called ``key``.

    Raises:
        KeyError: no such grouping.
    """
    for a in ATTRIBUTES:
        if a.key == key:
            return a
    raise KeyError(f"no group attribute {key!r}; known: {', '.join(a.key for a in ATTRIBUTES)}")


def assign_groups(data: AuditData, side: Side) -> tuple[dict[str, pd.Series], dict[str, str]]:
    """Every grouping of one side: ``({key: groups}, {key: why it could not be formed})``.

    Inferred groupings are left out when ``data.config.include_inferred`` is False.
    """
    groups: dict[str, pd.Series] = {}
    missing: dict[str, str] = {}
    for a in ATTRIBUTES:
        if a.side != side or (a.source == "inferred" and not data.config.include_inferred):
            continue
        try:
            groups[a.key] = a.assign(data).dropna().astype(str)
        except Unavailable as exc:
            missing[a.key] = str(exc)
    return groups, missing
