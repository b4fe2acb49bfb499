"""Popularity-bias metrics of recommendation lists.

Frames are long: ``lists`` = ``user_id, item_id, rank`` (cut with :func:`cut`), ``history`` =
``user_id, item_id, plays`` (one row per pair a listener played). ``popularity`` is a Series
indexed by ``item_id`` over the whole catalogue (see :func:`item_popularity`); ``tail`` is a
boolean Series over the same index (see :func:`long_tail`). Per-user functions return a Series
indexed by ``user_id``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from recsys.errors import DataError
from recsys.schema import Columns

__all__ = [
    "aclt",
    "aplt",
    "arp",
    "artist_tiers",
    "cut",
    "delta_gap",
    "item_popularity",
    "long_tail",
    "pop_reo",
    "pop_rsp",
    "profile_popularity",
]

_U, _I, _R = Columns.user_id, Columns.item_id, Columns.rank
POS = "pos"
"""Column of :func:`cut`'s output: the 1-based position of the item in the user's list."""


def cut(lists: pd.DataFrame, k: int) -> pd.DataFrame:
    """Each user's top ``k`` distinct items with their position: ``user_id, item_id, pos``.

    Items are ordered by ``rank`` (ties keep the input order); a repeated item keeps its best
    place, and positions are renumbered 1, 2, ... without gaps.
    """
    missing = [c for c in (_U, _I, _R) if c not in lists.columns]
    if missing:
        raise DataError(f"recommendation lists: missing column(s) {', '.join(missing)}")
    top = lists[[_U, _I, _R]].sort_values([_U, _R], kind="stable")
    top = top.drop_duplicates([_U, _I], keep="first")
    top[POS] = top.groupby(_U, sort=False).cumcount() + 1
    return top.loc[top[POS] <= k, [_U, _I, POS]].reset_index(drop=True)


def item_popularity(history: pd.DataFrame, items: pd.Index) -> pd.Series:
    """φ(i): the share of listeners who played item i (0 for items nobody played).

    ``φ(i) = |{u : i ∈ H_u}| / |U|`` with U the listeners of ``history``. Source: Abdollahpouri,
    Burke & Mobasher, "Managing popularity bias in recommender systems with personalized
    re-ranking", FLAIRS 2019 (popularity as the item's share of profiles).
    """
    n_users = history[_U].nunique()
    counts = history.groupby(_I)[_U].nunique()
    out = (counts / max(n_users, 1)).reindex(items, fill_value=0.0).astype(np.float64)
    out.index.name = _I
    return out


def long_tail(plays: pd.Series, head_share: float = 0.8) -> pd.Series:
    """Whether each item is in the long tail: outside the short head that takes ``head_share``.

    Items are sorted by plays (most first, ties by id); the short head is the smallest prefix
    whose plays reach ``head_share`` of all plays, every other item (never-played ones too) is
    in the long tail Γ. Source: Abdollahpouri et al., FLAIRS 2019, after the 80/20 rule.

    Args:
        plays: plays per catalogue item (index ``item_id``).
        head_share: share of plays the short head takes.
    """
    order = plays.sort_index().sort_values(ascending=False, kind="stable")
    total = float(order.sum())
    if total <= 0:
        return pd.Series(True, index=plays.index)
    before = (order.cumsum() - order) / total
    head = (before < head_share) & (order > 0)
    return (~head).reindex(plays.index)


def artist_tiers(plays: pd.Series, tier_share: float = 0.2) -> pd.Series:
    """``head``, ``mid`` or ``tail`` per artist by its place in the distribution of plays.

    The most played artists taking the first ``tier_share`` of plays are ``head``, the least
    played taking the last ``tier_share`` (never-played artists included) are ``tail``, the
    rest ``mid``. Source: Kowald, Schedl & Lex, "The unfairness of popularity bias in music
    recommendation: a reproducibility study", ECIR 2020 (H/M/T artist groups by 20% of plays).
    """
    total = float(plays.sum())
    out = pd.Series("mid", index=plays.index, dtype=object)
    if total <= 0:
        return out.where(False, "tail")
    down = plays.sort_index().sort_values(ascending=False, kind="stable")
    up = plays.sort_index().sort_values(ascending=True, kind="stable")
    tail = ((up.cumsum() - up) / total < tier_share).reindex(plays.index)
    head = (((down.cumsum() - down) / total < tier_share) & (down > 0)).reindex(plays.index)
    out[tail.to_numpy()] = "tail"
    out[head.to_numpy()] = "head"
    return out


def arp(lists: pd.DataFrame, popularity: pd.Series) -> pd.Series:
    """Average recommendation popularity per user: ``ARP_u = Σ_{i∈L_u} φ(i) / |L_u|``.

    The ARP of a recommender is the mean over users. Source: Abdollahpouri et al., FLAIRS
    2019 (Eq. ARP); φ from :func:`item_popularity`.
    """
    pop = popularity.reindex(lists[_I]).to_numpy()
    return pd.Series(pop, index=lists.index).groupby(lists[_U]).mean().rename("arp")


def aplt(lists: pd.DataFrame, tail: pd.Series) -> pd.Series:
    """Average percentage of long-tail items per user: ``|L_u ∩ Γ| / |L_u|``.

    Source: Abdollahpouri, Burke & Mobasher, "Controlling popularity bias in learning to rank
    recommendation", RecSys 2017 (APLT); Γ from :func:`long_tail`.
    """
    flags = tail.reindex(lists[_I]).fillna(True).to_numpy(dtype=np.float64)
    return pd.Series(flags, index=lists.index).groupby(lists[_U]).mean().rename("aplt")


def aclt(lists: pd.DataFrame, tail: pd.Series) -> pd.Series:
    """Average coverage of long-tail items per user: ``|L_u ∩ Γ|`` (a count, not a share).

    Source: Abdollahpouri et al., FLAIRS 2019 (ACLT).
    """
    flags = tail.reindex(lists[_I]).fillna(True).to_numpy(dtype=np.float64)
    return pd.Series(flags, index=lists.index).groupby(lists[_U]).sum().rename("aclt")


def profile_popularity(history: pd.DataFrame, popularity: pd.Series) -> pd.Series:
    """Mean popularity of the distinct items in each listener's profile: ``Σ_{i∈p_u} φ(i)/|p_u|``.

    The per-user term of GAP_p (Abdollahpouri, Mansoury, Burke & Mobasher, "The unfairness of
    popularity bias in recommendation", RMSE workshop at RecSys 2019).
    """
    pairs = history[[_U, _I]].drop_duplicates()
    pop = popularity.reindex(pairs[_I]).fillna(0.0).to_numpy()
    return pd.Series(pop, index=pairs.index).groupby(pairs[_U]).mean().rename("gap_p")


def delta_gap(reco_pop: pd.Series, profile_pop: pd.Series) -> float:
    """Popularity lift of a group of users: ``ΔGAP = (GAP_r − GAP_p) / GAP_p``.

    ``GAP_r`` and ``GAP_p`` are the means over the group's users of :func:`arp` and
    :func:`profile_popularity` (users with both). Positive: the lists are more popular than
    what the group listens to. Sources: Abdollahpouri et al., RMSE 2019; Kowald, Schedl & Lex,
    ECIR 2020 (for music, by mainstreaminess group).
    """
    both = pd.concat({"r": reco_pop, "p": profile_pop}, axis=1, join="inner").dropna()
    gap_p = float(both["p"].mean()) if len(both) else float("nan")
    if not gap_p:
        return float("nan")
    return (float(both["r"].mean()) - gap_p) / gap_p


def _std_over_mean(values: np.ndarray) -> float:
    values = values[np.isfinite(values)]
    if len(values) < 2 or values.mean() == 0:
        return float("nan")
    return float(values.std(ddof=0) / values.mean())


def pop_rsp(lists: pd.DataFrame, history: pd.DataFrame, item_group: pd.Series) -> float:
    """Popularity-rank statistical parity: ``std_g P(R|g) / mean_g P(R|g)`` (0 is parity).

    ``P(R|g) = Σ_u |L_u ∩ g| / Σ_u |g \\ H_u|``: how often an item of popularity group g is
    recommended among the items of g the user could be recommended (not already in their
    history ``H_u``). Source: Zhu, Wang & Caverlee, "Popularity-opportunity bias in
    collaborative filtering", WSDM 2021 (PopRSP, their Eq. 4, with two groups here).

    Args:
        lists: cut lists.
        history: ``user_id, item_id`` of every listener the lists are for.
        item_group: popularity group of every catalogue item (e.g. head / long tail).
    """
    users = lists[_U].unique()
    hist = history.loc[history[_U].isin(users), [_U, _I]].drop_duplicates()
    groups = item_group.unique()
    size = item_group.value_counts()
    in_hist = item_group.reindex(hist[_I]).value_counts()
    in_list = item_group.reindex(lists[_I]).value_counts()
    rates = np.array(
        [
            in_list.get(g, 0) / max(len(users) * size.get(g, 0) - in_hist.get(g, 0), 1)
            for g in groups
        ],
        dtype=np.float64,
    )
    return _std_over_mean(rates)


def pop_reo(lists: pd.DataFrame, truth: pd.DataFrame, item_group: pd.Series) -> float:
    """Popularity-rank equal opportunity: ``std_g P(R|g, y=1) / mean_g P(R|g, y=1)``.

    ``P(R|g, y=1) = Σ_u |L_u ∩ T_u ∩ g| / Σ_u |T_u ∩ g|``: the recall of the relevant items of
    popularity group g (``T_u`` the user's test items). Source: Zhu, Wang & Caverlee, WSDM 2021
    (PopREO, their Eq. 5). Needs lists made for the test window.
    """
    users = lists[_U].unique()
    rel = truth.loc[truth[_U].isin(users), [_U, _I]].drop_duplicates()
    hits = lists[[_U, _I]].merge(rel, on=[_U, _I])
    rel_g = item_group.reindex(rel[_I]).value_counts()
    hit_g = item_group.reindex(hits[_I]).value_counts()
    rates = np.array(
        [hit_g.get(g, 0) / rel_g[g] for g in rel_g.index if rel_g[g] > 0], dtype=np.float64
    )
    return _std_over_mean(rates)
