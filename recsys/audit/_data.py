"""What an audit reads from the warehouse: the catalogue, the history and the attributes.

:class:`AuditData` is read once per audit (:func:`load_audit_data`) and shared by every
figure; everything derived from it (popularity, the long tail, genre mixes) is computed once,
on first use.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

import duckdb
import numpy as np
import pandas as pd

from recsys import sql, warehouse
from recsys.audit._config import AuditConfig
from recsys.audit._popularity import item_popularity, long_tail
from recsys.schema import Columns, Grain

__all__ = ["AuditData", "load_audit_data"]

_U, _I = Columns.user_id, Columns.item_id


def _no_inferred() -> pd.DataFrame:
    return pd.DataFrame({"artist_id": [], "attribute": [], "value": []})


@dataclass(frozen=True, eq=False)
class AuditData:
    """The warehouse as the audit sees it.

    Attributes:
        grain: what the lists recommend (tracks or artists).
        items: the catalogue, ``item_id, artist_id``, sorted by item.
        history: ``user_id, item_id, plays``: what listeners played before the cutoff.
        artist_genres: ``artist_id, genre_id, parent_id, weight`` (sub-genre weights summing
            to 1 per artist).
        users: ``user_id, country, age_group, gender`` as declared.
        artists: ``artist_id, name, country, gender, debut`` as declared.
        log_end: the last play of the log (None without timestamps).
        config: the audit's settings.
        inferred: ``artist_id, attribute, value``: artist attributes inferred from tags
            (``country``, ``gender``), never mixed with the declared ones.
    """

    grain: Grain
    items: pd.DataFrame
    history: pd.DataFrame
    artist_genres: pd.DataFrame
    users: pd.DataFrame
    artists: pd.DataFrame
    log_end: pd.Timestamp | None
    config: AuditConfig
    inferred: pd.DataFrame = field(default_factory=_no_inferred)

    @cached_property
    def item_index(self) -> pd.Index:
        """Catalogue item ids, sorted."""
        return pd.Index(self.items[_I].to_numpy(), name=_I)

    @cached_property
    def item_artist(self) -> pd.Series:
        """The artist of every catalogue item (index ``item_id``)."""
        return pd.Series(self.items["artist_id"].to_numpy(), index=self.item_index)

    @cached_property
    def artist_ids(self) -> np.ndarray:
        """Every artist id, sorted (the artist axis of exposure matrices)."""
        return np.sort(self.artists["artist_id"].to_numpy())

    @cached_property
    def listeners(self) -> np.ndarray:
        """Every listener with history, sorted."""
        return np.sort(self.history[_U].unique())

    @cached_property
    def plays(self) -> pd.Series:
        """Plays per catalogue item, 0 for items nobody played."""
        plays = self.history.groupby(_I)["plays"].sum()
        return plays.reindex(self.item_index, fill_value=0.0)

    @cached_property
    def artist_plays(self) -> pd.Series:
        """Plays per artist, 0 for artists nobody played."""
        by = self.plays.groupby(self.item_artist.to_numpy()).sum()
        return by.reindex(self.artist_ids, fill_value=0.0)

    @cached_property
    def popularity(self) -> pd.Series:
        """φ(i): the share of listeners who played each item."""
        return item_popularity(self.history, self.item_index)

    @cached_property
    def tail(self) -> pd.Series:
        """Whether each item is in the long tail (outside the head of ``head_share`` plays)."""
        return long_tail(self.plays, self.config.head_share)

    @cached_property
    def item_genres(self) -> pd.DataFrame:
        """``item_id, genre_id, weight``: each item's sub-genres (its artist's)."""
        return self._genres_of_items("genre_id")

    @cached_property
    def item_parents(self) -> pd.DataFrame:
        """``item_id, genre_id, weight``: each item's parent genres (its artist's)."""
        return self._genres_of_items("parent_id")

    def _genres_of_items(self, level: str) -> pd.DataFrame:
        ag = self.artist_genres.groupby(["artist_id", level], as_index=False)["weight"].sum()
        ag = ag.rename(columns={level: "genre_id"})
        items = self.items.merge(ag, on="artist_id")[[_I, "genre_id", "weight"]]
        return items.sort_values([_I, "genre_id"], kind="stable").reset_index(drop=True)


def load_audit_data(
    con: duckdb.DuckDBPyConnection,
    grain: Grain,
    config: AuditConfig | None = None,
    *,
    cutoff: pd.Timestamp | None = None,
    history: pd.DataFrame | None = None,
) -> AuditData:
    """Read the catalogue, the history before ``cutoff`` and the attributes of both sides.

    Args:
        con: warehouse connection.
        grain: the grain of the lists to audit.
        config: the audit's settings (default: :class:`AuditConfig`).
        cutoff: only plays before it count (None: the whole log).
        history: the ``user_id, item_id, plays`` history when the caller has it already.
    """
    params = {"grain": grain}
    cut = None if cutoff is None else pd.Timestamp(cutoff).to_pydatetime()
    if history is None:
        history = con.execute(sql.load("audit/history"), params | {"cutoff": cut}).df()
    end = con.execute(sql.load("audit/log_end")).fetchall()[0][0]
    if cutoff is not None and end is not None:
        end = min(pd.Timestamp(end), pd.Timestamp(cutoff))
    return AuditData(
        grain=grain,
        items=con.execute(sql.load("audit/catalogue"), params).df(),
        history=history,
        artist_genres=con.execute(sql.load("audit/artist_genres")).df(),
        users=con.execute(sql.load("audit/users")).df(),
        artists=con.execute(sql.load("audit/artists")).df(),
        log_end=None if end is None else pd.Timestamp(end),
        config=config or AuditConfig(),
        inferred=con.execute(sql.load("audit/inferred")).df()
        if warehouse.table_exists(con, "artist_attributes_inferred")
        else _no_inferred(),
    )
