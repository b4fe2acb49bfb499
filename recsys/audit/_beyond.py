"""Catalogue and beyond-accuracy metrics of recommendation lists.

Frames as in :mod:`recsys.audit._popularity`: ``lists`` = ``user_id, item_id, pos`` (cut),
``history`` = ``user_id, item_id[, plays]``. Genres come as ``item_genres`` = ``item_id,
genre_id, weight`` (each item's weights summing to 1; items without genres have no row).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse

from recsys.schema import Columns
from recsys.views.overview import gini

__all__ = [
    "coverage",
    "exposure_counts",
    "exposure_entropy",
    "exposure_gini",
    "intra_list_diversity",
    "novelty",
    "off_taste_share",
    "personalisation",
    "serendipity",
]

_U, _I = Columns.user_id, Columns.item_id


def exposure_counts(lists: pd.DataFrame, items: pd.Index) -> pd.Series:
    """How many lists each catalogue item appears in (0 for items never recommended)."""
    return lists[_I].value_counts().reindex(items, fill_value=0).astype(np.int64)


def coverage(lists: pd.DataFrame, items: pd.Index) -> float:
    """Catalogue coverage: ``|∪_u L_u| / |I|``, the share of the catalogue recommended at all.

    Source: Ge, Delgado-Battenfeld & Jannach, "Beyond accuracy: evaluating recommender systems
    by coverage and serendipity", RecSys 2010 (prediction coverage).
    """
    if len(items) == 0:
        return float("nan")
    shown = lists.loc[lists[_I].isin(items), _I].nunique()
    return float(shown / len(items))


def exposure_gini(lists: pd.DataFrame, items: pd.Index) -> float:
    """Gini coefficient of exposure counts over the WHOLE catalogue (never-recommended count).

    ``G = Σ_i (2i − n − 1) x_(i) / (n Σ x)`` over the n catalogue items, counts sorted
    ascending (:func:`recsys.views.overview.gini`). A Gini over recommended items only would
    call a recommender that shows ten items equally often perfectly fair. Source: Fleder &
    Hosanagar, "Blockbuster culture's next rise or fall", Management Science 2009.
    """
    return gini(exposure_counts(lists, items).to_numpy())


def exposure_entropy(lists: pd.DataFrame, items: pd.Index) -> float:
    """Shannon entropy of exposure, in bits: ``H = −Σ_i p_i log2 p_i``, ``p_i`` = share of slots.

    The maximum is ``log2 |I|`` (every item shown equally often). Source: Shannon (1948);
    used for recommendation diversity by Adomavicius & Kwon, "Improving aggregate
    recommendation diversity using ranking-based techniques", TKDE 2012.
    """
    counts = exposure_counts(lists, items).to_numpy(dtype=np.float64)
    total = counts.sum()
    if total == 0:
        return float("nan")
    p = counts[counts > 0] / total
    return float(-(p * np.log2(p)).sum())


def novelty(lists: pd.DataFrame, popularity: pd.Series, n_users: int) -> pd.Series:
    """Mean self-information of each user's list: ``Σ_{i∈L_u} −log2 φ~(i) / |L_u|``.

    ``φ~(i) = (n_i + 1) / (|U| + 1)`` with n_i the listeners of item i (add-one smoothing, so
    a never-played item is finite). Source: Zhou et al., "Solving the apparent diversity-
    accuracy dilemma of recommender systems", PNAS 2010 (novelty as self-information).

    Args:
        lists: cut lists.
        popularity: φ(i) = share of listeners (see ``item_popularity``).
        n_users: |U|, the listeners φ was counted over.
    """
    n_i = popularity.reindex(lists[_I]).fillna(0.0).to_numpy() * n_users
    info = -np.log2((n_i + 1.0) / (n_users + 1.0))
    return pd.Series(info, index=lists.index).groupby(lists[_U]).mean().rename("novelty")


def _genre_matrix(
    item_ids: np.ndarray, item_genres: pd.DataFrame
) -> tuple[sparse.csr_matrix, np.ndarray]:
    """(rows of ``item_ids``) x genres weight matrix and whether each row has a genre."""
    codes, genres = pd.factorize(item_genres["genre_id"], sort=True)
    rows = pd.Index(item_ids).get_indexer(item_genres[_I])
    ok = rows >= 0
    m = sparse.csr_matrix(
        (item_genres["weight"].to_numpy(dtype=np.float64)[ok], (rows[ok], codes[ok])),
        shape=(len(item_ids), max(len(genres), 1)),
    )
    return m, np.asarray(m.getnnz(axis=1) > 0)


def intra_list_diversity(lists: pd.DataFrame, item_genres: pd.DataFrame) -> pd.Series:
    """Intra-list diversity over genres: mean over pairs of ``1 − cos(g_i, g_j)`` in ``L_u``.

    ``g_i`` is the item's genre weight vector; items without genres are left out, and a list
    with fewer than two genre-tagged items has no value (NaN). With unit vectors the pairwise
    sum is ``(‖Σ g_i‖² − n) / 2``, so no pair is enumerated. Sources: Smyth & McClave,
    "Similarity vs. diversity", ICCBR 2001; Ziegler et al., "Improving recommendation lists
    through topic diversification", WWW 2005.
    """
    uniq = pd.unique(lists[_I])
    m, has = _genre_matrix(uniq, item_genres)
    norms = np.sqrt(np.asarray(m.multiply(m).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    unit = sparse.diags(1.0 / norms) @ m
    rows = pd.Index(uniq).get_indexer(lists[_I])
    keep = has[rows]
    users, ucodes = np.unique(lists[_U].to_numpy()[keep], return_inverse=True)
    pick = sparse.csr_matrix(
        (np.ones(int(keep.sum())), (ucodes, rows[keep])), shape=(len(users), len(uniq))
    )
    sums = pick @ unit
    sq = np.asarray(sums.multiply(sums).sum(axis=1)).ravel()
    n = np.bincount(ucodes, minlength=len(users)).astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        mean_sim = (sq - n) / (n * (n - 1))
    ild = np.where(n >= 2, 1.0 - mean_sim, np.nan)
    out = pd.Series(ild, index=pd.Index(users, name=_U), name="ild")
    return out.reindex(pd.unique(lists[_U]))


def serendipity(lists: pd.DataFrame, truth: pd.DataFrame, expected: pd.DataFrame) -> pd.Series:
    """Serendipity: the share of a list that is both relevant and unexpected.

    ``SRDP_u = |{i ∈ L_u : i ∈ T_u, i ∉ PM_u}| / |L_u|`` with ``T_u`` the user's test items
    and ``PM_u`` what a primitive recommender (the most popular items the user has not
    played) would have shown. Source: Ge, Delgado-Battenfeld & Jannach, RecSys 2010.
    Needs lists made for the test window.
    """
    rel = truth[[_U, _I]].drop_duplicates().assign(_rel=True)
    exp = expected[[_U, _I]].drop_duplicates().assign(_exp=True)
    f = lists[[_U, _I]].merge(rel, on=[_U, _I], how="left").merge(exp, on=[_U, _I], how="left")
    hit = f["_rel"].fillna(False).astype(bool) & ~f["_exp"].fillna(False).astype(bool)
    return hit.astype(np.float64).groupby(f[_U]).mean().rename("serendipity")


def personalisation(lists: pd.DataFrame, k: int) -> float:
    """Personalisation: ``1 − mean_{u≠v} |L_u ∩ L_v| / k`` over every pair of listeners.

    ``Σ_{u≠v} |L_u ∩ L_v| = Σ_i c_i (c_i − 1)`` with c_i the lists holding item i, so no pair
    is enumerated. 1 when no two lists share an item, 0 when every list is the same. Source:
    Zhou et al., PNAS 2010 (personalisation as one minus the mean inter-list overlap).
    """
    n = lists[_U].nunique()
    if n < 2:
        return float("nan")
    c = lists[_I].value_counts().to_numpy(dtype=np.float64)
    return float(1.0 - (c * (c - 1.0)).sum() / (n * (n - 1.0) * k))


def off_taste_share(
    lists: pd.DataFrame, history: pd.DataFrame, item_genres: pd.DataFrame
) -> pd.Series:
    """Off-taste share: the part of a list sharing no sub-genre with the listener's history.

    ``OT_u = |{i ∈ L_u : G(i) ∩ G(H_u) = ∅}| / |{i ∈ L_u : G(i) ≠ ∅}|`` with ``G`` the set of
    sub-genres of an item (of a history). Items without genres are left out; a listener whose
    history has no genre has no value. A Soundcheck measure of how far lists stray from taste,
    the set form of Steck's calibration (Steck, "Calibrated recommendations", RecSys 2018).
    """
    genres = item_genres[[_I, "genre_id"]]
    taste = history[[_U, _I]].drop_duplicates().merge(genres, on=_I)[[_U, "genre_id"]]
    taste = taste.drop_duplicates().assign(_in=True)
    tagged = lists[[_U, _I]].merge(genres, on=_I)
    tagged = tagged.merge(taste, on=[_U, "genre_id"], how="left")
    on_taste = tagged["_in"].fillna(False).astype(bool).groupby([tagged[_U], tagged[_I]]).any()
    off = (~on_taste).astype(np.float64).groupby(level=0).mean()
    known = taste[_U].unique()
    off = off[off.index.isin(known)]
    off.index.name = _U
    return off.rename("off_taste")
