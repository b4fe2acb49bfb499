"""Why not X: where a track or an artist the listener did not get stands, and why.

If X was a candidate, its rank and its contributions against the last recommended item are
shown. If no candidate generator proposed it, that is said plainly: the generators' fitted
states are not kept with the run, so nobody can say where they would have placed it, and no
rank is made up. An item the listener already played is not a candidate of the discovery task
(and one they never played is not a candidate of the repeat task); that is said too.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import duckdb
import pandas as pd

from recsys import sql
from recsys.explain._context import Listener
from recsys.explain._listener import Explained, compare, explain_items

if TYPE_CHECKING:
    from recsys.model.ranker import Ranker

__all__ = ["WhyNot", "search", "why_not"]

Status = Literal["recommended", "candidate", "played", "unplayed", "not_proposed"]


@dataclass(frozen=True)
class WhyNot:
    """The answer to "why not X".

    Attributes:
        status: ``recommended`` (X is in the shown list), ``candidate`` (scored, ranked below
            it), ``played`` (discovery: the listener already played it), ``unplayed`` (repeat:
            they never played it), ``not_proposed`` (no generator proposed it).
        message: the answer in one or two sentences.
        item_id: the candidate that stands for X (for an artist, their best-ranked track).
        rank: that candidate's rank among the listener's candidates.
        last_item: the last recommended item X is compared with.
        explained: explanations of X's candidate and ``last_item``.
        comparison: :func:`~recsys.explain.compare` of the last item against X.
    """

    status: Status
    message: str
    item_id: int | None = None
    rank: int | None = None
    last_item: int | None = None
    explained: Explained | None = None
    comparison: pd.DataFrame | None = None


def search(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    text: str,
    kind: Literal["track", "artist"],
    limit: int = 20,
) -> pd.DataFrame:
    """Tracks or artists whose name contains ``text``: ``item_id, title, artist_id, artist``."""
    text = text.strip()
    if not text:
        return pd.DataFrame(columns=["item_id", "title", "artist_id", "artist"])
    query = "explain/search_tracks" if kind == "track" else "explain/search_artists"
    params = {"run": run_id, "text": text, "limit": int(limit)}
    return con.execute(sql.load(query), params).df()


def why_not(
    con: duckdb.DuckDBPyConnection,
    listener: Listener,
    ranker: Ranker,
    kind: Literal["track", "artist"],
    target: int,
    shown: int,
) -> WhyNot:
    """Explain why a track or an artist is not among the listener's top ``shown`` items.

    Args:
        con: the warehouse.
        listener: the listener.
        ranker: the run's booster.
        kind: whether ``target`` is a track id or an artist id.
        target: the track or artist asked about.
        shown: how many recommendations the listener is shown (X is compared with the last).
    """
    info = listener.info
    name = _name(con, info.run_id, kind, target)
    items = _items_of(con, info.grain, kind, target)
    cands = listener.candidates
    hits = cands[cands["item_id"].isin(items)].sort_values("rank")
    if len(hits):
        best = hits.iloc[0]
        item, rank = int(best["item_id"]), int(best["rank"])
        what = name if kind == "track" or info.grain == "artist" else f"{name}'s best track"
        if rank <= shown:
            return WhyNot("recommended", f"{what} is already recommended, at #{rank}.", item, rank)
        last = int(cands.loc[cands["rank"] == min(shown, len(cands)), "item_id"].iloc[0])
        explained = explain_items(con, listener, ranker, [last, item])
        message = (
            f"{what} was a candidate, ranked #{rank} of {len(cands)}: "
            f"{rank - shown} places below the last item shown (#{shown})."
        )
        return WhyNot(
            "candidate", message, item, rank, last, explained, compare(explained, last, item)
        )
    played = _played(con, listener, kind, target)
    if info.task == "discovery" and played > 0:
        return WhyNot(
            "played",
            f"The listener already played {name} ({played:,} plays before the cutoff), and this "
            "run recommends only items new to the listener (the discovery task), so it was "
            "never a candidate.",
        )
    if info.task == "repeat" and played == 0:
        return WhyNot(
            "unplayed",
            f"The listener never played {name}, and this run ranks only items they already "
            "played (the repeat task), so it was never a candidate.",
        )
    return WhyNot(
        "not_proposed",
        f"No candidate generator proposed {name} for this listener, so the ranker never scored "
        "it. The generators' fitted states are not kept with the run, so Soundcheck cannot say "
        "where they would have placed it.",
    )


def _name(con: duckdb.DuckDBPyConnection, run_id: str, kind: str, target: int) -> str:
    grain = "track" if kind == "track" else "artist"
    query = "explain/item_details_track" if grain == "track" else "explain/item_details_artist"
    found = con.execute(sql.load(query), {"run": run_id, "items": [int(target)]}).df()
    if found.empty:
        return f"{kind} {target}"
    row = found.iloc[0]
    return f"{row['title']} by {row['artist']}" if kind == "track" else str(row["artist"])


def _items_of(con: duckdb.DuckDBPyConnection, grain: str, kind: str, target: int) -> list[int]:
    """The item ids that stand for the target at the run's grain."""
    if kind == "artist" and grain == "track":
        tracks = con.execute(sql.load("explain/artist_tracks"), {"artist": int(target)}).df()
        return [int(t) for t in tracks["item_id"]]
    if kind == "track" and grain == "artist":
        found = con.execute(sql.load("explain/track_artist"), {"track": int(target)}).df()
        return [int(a) for a in found["artist_id"]]
    return [int(target)]


def _played(con: duckdb.DuckDBPyConnection, listener: Listener, kind: str, target: int) -> int:
    info = listener.info
    if not info.events:
        artists = _items_of(con, "artist", kind, target)
        params = {"user": listener.user_id, "artists": artists}
        return int(con.execute(sql.load("explain/listener_played_counts"), params).fetchall()[0][0])
    params = {
        "user": listener.user_id,
        "cutoff": None if info.cutoff is None else info.cutoff.to_pydatetime(),
        "tracks": [int(target)] if kind == "track" else [],
        "artists": [int(target)] if kind == "artist" else [],
    }
    if kind == "track" and info.grain == "artist":  # at artist grain a played artist counts
        params["artists"] = _items_of(con, "artist", kind, target)
    return int(con.execute(sql.load("explain/listener_played"), params).fetchall()[0][0])
