"""How faithful taste reasons are to the planted truth of a synthetic warehouse.

A taste reason cites a sub-genre ("You played 37 tracks tagged post-rock ..."). On generated
data each listener's true taste is stored (``ground_truth_user_taste``), so one can count how
often the cited sub-genre is among the listener's true favourites, and compare with a sub-genre
drawn at random from what the listener played: reasons that only echoed the history would do
no better than the random draw.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import numpy as np

from recsys import sql, warehouse
from recsys.errors import NotFittedError
from recsys.explain._context import load_listener
from recsys.explain._listener import explain_top
from recsys.explain._runs import RunInfo, load_ranker

__all__ = ["Faithfulness", "reason_faithfulness"]


@dataclass(frozen=True)
class Faithfulness:
    """Shares of taste reasons (and of random played sub-genres) among true favourites.

    Attributes:
        reasons: share of cited sub-genres among the listener's true top ``k``.
        random: the same share for a sub-genre drawn from the listener's played sub-genres.
        n_reasons: taste reasons counted.
        n_listeners: listeners explained.
        k: how many of a listener's heaviest true sub-genres count as favourites.
    """

    reasons: float
    random: float
    n_reasons: int
    n_listeners: int
    k: int


def reason_faithfulness(
    con: duckdb.DuckDBPyConnection,
    info: RunInfo,
    *,
    top: int = 10,
    k: int = 3,
    max_listeners: int = 300,
    seed: int = 0,
) -> Faithfulness:
    """Explain the top ``top`` of up to ``max_listeners`` listeners (seeded) and score reasons.

    Raises:
        NotFittedError: the warehouse holds no planted truth (it was not generated).
    """
    if not warehouse.table_exists(con, "ground_truth_user_taste"):
        raise NotFittedError("this warehouse has no planted truth (it was not generated)")
    truth = con.execute(sql.load("explain/true_top_genres"), {"k": int(k)}).df()
    favourites = truth.groupby("user_id")["genre_id"].agg(set).to_dict()
    rng = np.random.default_rng(seed)
    users = con.execute(sql.load("explain/cohort_listeners"), {"run": info.run_id}).df()
    ids = np.sort(users["user_id"].to_numpy())
    if len(ids) > max_listeners:
        ids = np.sort(rng.choice(ids, max_listeners, replace=False))
    ranker = load_ranker(info)
    cited: list[bool] = []
    drawn: list[bool] = []
    for user in ids.tolist():
        listener = load_listener(con, info, user)
        played = listener.genres[listener.genres["items"] > 0]
        played = played[played["parent_id"] != played["genre_id"]]  # sub-genres only
        true = favourites.get(user, set())
        for item_reasons in explain_top(con, listener, ranker, top).reasons.values():
            for reason in item_reasons:
                if reason.genre_id is None or played.empty:
                    continue
                cited.append(reason.genre_id in true)
                drawn.append(int(rng.choice(played["genre_id"].to_numpy())) in true)
    return Faithfulness(
        reasons=float(np.mean(cited)) if cited else float("nan"),
        random=float(np.mean(drawn)) if drawn else float("nan"),
        n_reasons=len(cited),
        n_listeners=len(ids),
        k=k,
    )
