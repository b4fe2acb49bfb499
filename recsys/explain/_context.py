"""The values behind a listener's explanations, read from the warehouse.

:func:`load_listener` reads one listener's candidates in a run (every feature, score and rank),
their cohorts and their genres; :func:`item_facts` adds, for some of those candidates, the
names, catalogue shares and genre tags that reasons cite (:class:`~recsys.explain._reasons.
ItemFacts`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import duckdb
import numpy as np
import pandas as pd

from recsys import sql
from recsys.errors import DataError
from recsys.explain._reasons import ItemFacts
from recsys.explain._runs import RunInfo
from recsys.model import registry

__all__ = ["Listener", "item_details", "item_facts", "load_listener"]


@dataclass(frozen=True)
class Listener:
    """One listener in one run: everything explanations read about them, once.

    Attributes:
        info: the run.
        user_id: the listener.
        candidates: every candidate, best first (``item_id, rank, score, sources`` and every
            feature).
        cohort: ``country, age_group, activity_tier, mainstream_group, plays,
            mainstreaminess``.
        genres: the listener's genres (``genre_id, genre, parent_id, parent, items, plays,
            items_recent, plays_recent, share``), largest share first.
    """

    info: RunInfo
    user_id: int
    candidates: pd.DataFrame
    cohort: dict[str, Any]
    genres: pd.DataFrame

    @property
    def unit(self) -> str:
        """What the sentences count: tracks where there are plays of tracks, else artists."""
        return "tracks" if self.info.events else "artists"


def load_listener(con: duckdb.DuckDBPyConnection, info: RunInfo, user_id: int) -> Listener:
    """Read one listener's candidates, cohorts and genres in a run.

    Raises:
        DataError: the listener has no candidates in the run (unknown listener, or one the run
            did not recommend to).
    """
    params = {"run": info.run_id, "user": int(user_id)}
    cands = con.execute(sql.load("explain/listener_candidates"), params).df()
    if cands.empty:
        raise DataError(
            f"listener {user_id} has no recommendations in run {info.run_id}: pick a listener "
            "id from the users table (the User explorer lists them by cohort)"
        )
    cohort = con.execute(sql.load("explain/listener_cohort"), params).df()
    genres = con.execute(sql.load("explain/listener_genres"), params).df()
    return Listener(
        info=info,
        user_id=int(user_id),
        candidates=cands.reset_index(drop=True),
        cohort=cohort.iloc[0].to_dict() if len(cohort) else {},
        genres=genres,
    )


def _records(
    con: duckdb.DuckDBPyConnection, query: str, params: dict[str, Any]
) -> list[dict[str, Any]]:
    """Rows of a query as dicts (cheaper than a DataFrame for a few rows)."""
    cur = con.execute(sql.load(query), params)
    names = [d[0] for d in cur.description or ()]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]


def _details(
    con: duckdb.DuckDBPyConnection, info: RunInfo, item_ids: list[int]
) -> list[dict[str, Any]]:
    query = "explain/item_details_track" if info.grain == "track" else "explain/item_details_artist"
    return _records(con, query, {"run": info.run_id, "items": [int(i) for i in item_ids]})


def item_details(
    con: duckdb.DuckDBPyConnection, info: RunInfo, item_ids: list[int]
) -> pd.DataFrame:
    """Names and catalogue shares of items, indexed by ``item_id``."""
    rows = _details(con, info, item_ids)
    columns = [
        "item_id",
        "title",
        "artist_id",
        "artist",
        "release_date",
        "plays",
        "recent_plays",
        "listeners",
        "top_share",
        "recent_top_share",
        "artist_top_share",
        "artist_recent_top_share",
    ]
    return pd.DataFrame(rows, columns=columns).set_index("item_id")


def _none(v: Any) -> Any:
    return None if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA else v


def item_facts(
    con: duckdb.DuckDBPyConnection, listener: Listener, item_ids: list[int]
) -> tuple[pd.DataFrame, dict[int, ItemFacts]]:
    """The details of some candidates and the facts their sentences may cite.

    Returns:
        ``(details, facts)``: ``details`` indexed by ``item_id`` with ``title, artist_id,
        artist, genre, new_artist, new_genre`` and the catalogue shares; ``facts`` keyed by
        item id.
    """
    rows = _details(con, listener.info, item_ids)
    artists = sorted({int(r["artist_id"]) for r in rows})
    tags = _records(con, "explain/item_genres", {"artists": artists})
    g = listener.genres
    share = dict(zip(g["genre_id"], g["share"], strict=True))
    played = {
        int(k): (int(i), _none(r))
        for k, i, r in zip(g["genre_id"], g["items"], g["items_recent"], strict=True)
        if i > 0
    }
    parent_share: dict[int, float] = {}
    for pid, s in zip(g["parent_id"], g["share"], strict=True):
        parent_share[int(pid)] = parent_share.get(int(pid), 0.0) + float(s)
    by_artist: dict[int, list[dict[str, Any]]] = {}
    for tag in tags:  # sorted by artist, then largest share first
        by_artist.setdefault(int(tag["artist_id"]), []).append(tag)
    cands = listener.candidates
    features = list(listener.info.features)
    matrix = cands[features].to_numpy(np.float64)
    row_of = {int(i): k for k, i in enumerate(cands["item_id"])}
    labels = {spec.name: spec.label for spec in registry.GENERATORS}
    country = _none(listener.cohort.get("country"))
    facts: dict[int, ItemFacts] = {}
    for d in rows:
        item_id = int(d["item_id"])
        k = row_of.get(item_id)
        values = dict(zip(features, matrix[k].tolist(), strict=True)) if k is not None else {}
        own = by_artist.get(int(d["artist_id"]), [])
        main = own[0] if own else None
        best = _best(own, "genre_id", lambda t: t["share"] * share.get(t["genre_id"], 0.0))
        parents: dict[int, dict[str, Any]] = {}
        for t in own:
            p = parents.setdefault(int(t["parent_id"]), {"parent": t["parent"], "share": 0.0})
            p["share"] += float(t["share"])
        top = _best(
            [{"parent_id": k, **v} for k, v in parents.items()],
            "parent_id",
            lambda t: t["share"] * parent_share.get(t["parent_id"], 0.0),
        )
        g_id = int(best["genre_id"]) if best is not None else None
        items, recent = played.get(g_id, (0, None)) if g_id is not None else (0, None)
        facts[item_id] = ItemFacts(
            title=str(d["title"]),
            artist=str(d["artist"]),
            unit=listener.unit,
            values=values,
            genre=str(best["genre"]) if best is not None else None,
            genre_id=g_id,
            genre_items=items,
            genre_items_recent=None if recent is None else int(recent),
            item_genre=str(main["genre"]) if main is not None else None,
            parent=str(top["parent"]) if top is not None else None,
            parent_share=parent_share.get(top["parent_id"], 0.0) if top is not None else 0.0,
            plays=_none(d["plays"]),
            recent_plays=_none(d["recent_plays"]),
            listeners=_none(d["listeners"]),
            top_share=_none(d["top_share"]),
            recent_top_share=_none(d["recent_top_share"]),
            artist_top_share=_none(d["artist_top_share"]),
            artist_recent_top_share=_none(d["artist_recent_top_share"]),
            country=country,
            typical=listener.info.typical,
            generator_labels=labels,
        )
        d["genre"] = str(main["genre"]) if main is not None else None
        d["new_genre"] = main is not None and int(main["genre_id"]) not in played
        d["new_artist"] = values.get("artist_known", 0.0) <= 0.5
    if not rows:
        return item_details(con, listener.info, []), facts
    return pd.DataFrame(rows).set_index("item_id"), facts


def _best(
    rows: list[dict[str, Any]], key: str, weight: Callable[[dict[str, Any]], float]
) -> dict[str, Any] | None:
    """The row of largest positive ``weight`` (ties: smallest ``key``), None if none is."""
    scored = [(weight(r), -int(r[key]), r) for r in rows]
    scored = [s for s in scored if s[0] > 0]
    return max(scored, key=lambda s: (s[0], s[1]))[2] if scored else None
