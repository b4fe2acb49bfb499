"""Calibration: does a list's genre mix match the listener's history (Steck 2018)?

Genre mixes are long frames ``user_id, genre_id, share`` (shares of a user summing to 1).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from recsys.schema import Columns

__all__ = ["genre_mix", "miscalibration"]

_U, _I = Columns.user_id, Columns.item_id


def genre_mix(
    pairs: pd.DataFrame, item_genres: pd.DataFrame, weight: str | None = None
) -> pd.DataFrame:
    """A user's genre distribution over some items: ``p(g|u) = Σ_i w_ui p(g|i) / Σ_i w_ui``.

    Args:
        pairs: ``user_id, item_id`` (and the ``weight`` column, e.g. plays); items without a
            genre are left out of both sums.
        item_genres: ``item_id, genre_id, weight`` with ``p(g|i)`` as weight (summing to 1 per
            item).
        weight: column of ``pairs`` weighing each item (None: every item counts once).

    Returns:
        ``user_id, genre_id, share``, sorted by user and genre.
    """
    cols = [_U, _I] + ([weight] if weight else [])
    p = pairs[cols].rename(columns={weight: "_w"} if weight else {})
    if not weight:
        p = p.assign(_w=1.0)
    g = p.merge(item_genres[[_I, "genre_id", "weight"]], on=_I)
    g["_m"] = g["_w"] * g["weight"]
    mass = g.groupby([_U, "genre_id"], as_index=False)["_m"].sum()
    mass["share"] = mass["_m"] / mass.groupby(_U)["_m"].transform("sum")
    mass = mass.sort_values([_U, "genre_id"], kind="stable").reset_index(drop=True)
    return mass[[_U, "genre_id", "share"]]


def miscalibration(
    history_mix: pd.DataFrame, list_mix: pd.DataFrame, alpha: float = 0.01
) -> pd.Series:
    """Steck's miscalibration per user: ``C_KL(p, q) = Σ_g p(g|u) log(p(g|u) / q~(g|u))``.

    ``p`` is the history's genre mix, ``q`` the list's and ``q~ = (1 − α) q + α p`` smooths it
    so that a genre missing from the list gives a large but finite value. 0 when the list
    mirrors the history; natural logarithm. Users without a history mix or without a list
    mix are left out. Source: Steck, "Calibrated recommendations", RecSys 2018, Eq. (2)-(3).
    """
    users = np.intersect1d(history_mix[_U].unique(), list_mix[_U].unique())
    p = history_mix.loc[history_mix[_U].isin(users)]
    q = list_mix.loc[list_mix[_U].isin(users)]
    both = p.merge(q, on=[_U, "genre_id"], how="left", suffixes=("_p", "_q"))
    both["share_q"] = both["share_q"].fillna(0.0)
    both = both.loc[both["share_p"] > 0]
    q_s = (1.0 - alpha) * both["share_q"] + alpha * both["share_p"]
    terms = both["share_p"] * np.log(both["share_p"] / q_s)
    out = terms.groupby(both[_U]).sum().rename("miscalibration")
    out.index.name = _U
    return out
