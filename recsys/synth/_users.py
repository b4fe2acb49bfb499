"""Generated listeners: demographics, tastes over sub-genres, mainstreaminess, activity."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

from recsys.synth._catalog import GenreTable
from recsys.synth._config import SynthConfig
from recsys.synth._taxonomy import AGE_GROUPS, AGE_SHARES, COUNTRIES, USER_GENDERS

__all__ = ["Population", "make_friends", "make_population"]

SEGMENTS = (
    ("mainstream", 0.35, (8.0, 2.0)),
    ("niche", 0.25, (2.0, 8.0)),
    ("mixed", 0.40, (4.0, 4.0)),
)
"""Listener segments: share of users and the Beta(a, b) of their mainstreaminess."""


@dataclass(frozen=True)
class Population:
    """Listeners and their latent parameters (index = user_id - 1).

    Attributes:
        users: canonical ``users`` rows (pseudonym filled in later by the writer).
        country_idx: index into COUNTRIES of each user.
        utc_offset: hours to add to UTC to get the user's local time.
        taste: (n_users, n_sub) base genre preferences, rows summing to one.
        mainstreaminess: probability that a fresh pick follows the head (popularity) policy.
        segment: 'mainstream', 'niche' or 'mixed'.
        repeat: probability that a play goes back to something heard before.
        n_listens: planned plays of each user.
        active_from: first day (relative to the start) on which the user can listen.
    """

    users: pd.DataFrame
    country_idx: np.ndarray
    utc_offset: np.ndarray
    taste: np.ndarray
    mainstreaminess: np.ndarray
    segment: np.ndarray
    repeat: np.ndarray
    n_listens: np.ndarray
    active_from: np.ndarray


def _tastes(
    rng: np.random.Generator,
    genres: GenreTable,
    country: np.ndarray,
    age_idx: np.ndarray,
    exclude: np.ndarray,
) -> np.ndarray:
    """Taste vectors: a few favourite sub-genres, their siblings, and a little of everything."""
    n = len(country)
    codes = list(COUNTRIES)
    base = np.tile(genres.popularity, (n, 1))
    for g, homes in enumerate(genres.home):
        if homes:
            local = np.isin(np.array(codes)[country], homes)
            base[local, g] *= 5.0
    base *= np.exp(-0.45 * np.abs(age_idx[:, None] - genres.age_centre[None, :]))
    base[:, exclude] = 0.0
    base /= base.sum(axis=1, keepdims=True)
    # 1-4 favourites drawn without replacement (Gumbel top-k), weights Dirichlet(1)
    n_fav = rng.integers(1, 5, size=n)
    keys = np.log(base + 1e-300) + rng.gumbel(size=base.shape)
    order = np.argsort(-keys, axis=1)
    fav_w = rng.gamma(1.0, size=(n, 4))
    fav_w[np.arange(4)[None, :] >= n_fav[:, None]] = 0.0
    fav_w /= fav_w.sum(axis=1, keepdims=True)
    taste = np.zeros_like(base)
    np.put_along_axis(taste, order[:, :4], fav_w, axis=1)
    # liking a sub-genre spills over to its siblings
    parent_mass = np.zeros((n, genres.parent_of.max() + 1))
    np.add.at(parent_mass.T, genres.parent_of, taste.T)
    sizes = np.bincount(genres.parent_of)
    spill = parent_mass[:, genres.parent_of] / sizes[genres.parent_of]
    spill[:, exclude] = 0.0
    spill /= np.maximum(spill.sum(axis=1, keepdims=True), 1e-12)
    taste = 0.75 * taste + 0.13 * spill + 0.12 * base
    return taste / taste.sum(axis=1, keepdims=True)


def make_population(
    config: SynthConfig, genres: GenreTable, rng: np.random.Generator
) -> Population:
    """Generate users: country, age, gender, sign-up, tastes, mainstreaminess, activity."""
    n = config.n_users
    codes = list(COUNTRIES)
    shares = np.array([COUNTRIES[c][0] for c in codes])
    country_idx = rng.choice(len(codes), size=n, p=shares / shares.sum())
    age_idx = rng.choice(len(AGE_GROUPS), size=n, p=np.array(AGE_SHARES) / sum(AGE_SHARES))
    g_values, g_weights = zip(*USER_GENDERS, strict=True)
    gw = np.array(g_weights)
    gender = np.array(g_values, dtype=object)[rng.choice(len(gw), size=n, p=gw / gw.sum())]
    # a tenth of the demographic fields are unknown, as in real exports (NULL, never a default)
    age_known = rng.random(n) > 0.08
    country_known = rng.random(n) > 0.03
    # 70 % signed up before the log starts; the rest join during it, more of them later on
    joined_before = rng.random(n) < 0.7
    u_join = rng.random(n)
    signup_day = np.where(joined_before, -u_join * 3 * 365.0, np.sqrt(u_join) * config.days * 0.9)
    exclude = genres.emerging if config.plants.emerging else np.zeros_like(genres.emerging)
    taste = _tastes(rng, genres, country_idx, age_idx, exclude)
    # segments: mainstream / niche / mixed, or all mixed without the plant
    u_seg, u_m = rng.random(n), rng.random(n)
    cut = np.cumsum([s[1] for s in SEGMENTS])
    seg_idx = np.searchsorted(cut, u_seg * cut[-1], side="right")
    if not config.plants.segments:
        seg_idx = np.full(n, 2)
    segment = np.array([s[0] for s in SEGMENTS], dtype=object)[seg_idx]
    a = np.array([SEGMENTS[i][2][0] for i in seg_idx])
    b = np.array([SEGMENTS[i][2][1] for i in seg_idx])
    mainstreaminess = stats.beta.ppf(u_m, a, b)
    repeat = rng.beta(4.5, 5.5, size=n)
    active_from = np.maximum(signup_day, 0.0)
    span = (config.days - active_from) / config.days
    activity = rng.lognormal(0.0, 1.1, size=n) * span
    n_listens = np.maximum(10, np.round(activity / activity.sum() * config.n_listens)).astype(
        np.int64
    )
    start = pd.Timestamp(config.start)
    users = pd.DataFrame(
        {
            "user_id": np.arange(1, n + 1, dtype=np.int32),
            "country": pd.Series(np.array(codes, dtype=object)[country_idx]).where(country_known),
            "age_group": pd.Series(np.array(AGE_GROUPS, dtype=object)[age_idx]).where(age_known),
            "gender": gender,
            "signup_ts": (start + pd.to_timedelta(signup_day, unit="D")).floor("s"),
        }
    )
    return Population(
        users=users,
        country_idx=country_idx,
        utc_offset=np.array([COUNTRIES[c][1] for c in codes])[country_idx],
        taste=taste,
        mainstreaminess=mainstreaminess,
        segment=segment,
        repeat=repeat,
        n_listens=n_listens,
        active_from=active_from,
    )


def make_friends(pop: Population, rng: np.random.Generator) -> pd.DataFrame:
    """A social graph: about four friends each, mostly from the same country; both directions."""
    n = len(pop.country_idx)
    k = rng.poisson(2.0, size=n)
    src = np.repeat(np.arange(n), k)
    order = np.argsort(pop.country_idx, kind="stable")
    sorted_c = pop.country_idx[order]
    lo = np.searchsorted(sorted_c, pop.country_idx[src], side="left")
    hi = np.searchsorted(sorted_c, pop.country_idx[src], side="right")
    same = order[lo + (rng.random(len(src)) * (hi - lo)).astype(np.int64)]
    anyone = rng.integers(0, n, size=len(src))
    dst = np.where(rng.random(len(src)) < 0.7, same, anyone)
    keep = src != dst
    pairs = np.concatenate([np.c_[src[keep], dst[keep]], np.c_[dst[keep], src[keep]]])
    pairs = np.unique(pairs, axis=0) + 1
    return pd.DataFrame(
        {"user_id": pairs[:, 0].astype(np.int32), "friend_id": pairs[:, 1].astype(np.int32)}
    )
