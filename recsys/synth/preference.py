"""The true preference model of a generated warehouse, read back from its ground-truth tables.

The generator draws a fresh play of user *u* as: sub-genre *g* from the user's taste, then an
artist by the head policy (weight = appeal) with probability ``mainstreaminess_u`` or the tail
policy (weight = appeal**tail_exponent) otherwise, then a track by
``appeal * (floor + exp(-age / tau))``. Without the logging policy's exposure factor this is
the user's true preference, so ``log P(track | u)`` at the end of the log is the oracle score:

    score(u, t) = log taste[u, g(a)]
                + log(m_u * appeal_a / H_g + (1 - m_u) * appeal_a**γ / L_g)
                + log(w_t / W_a)

with ``H_g``, ``L_g`` the head and tail weight sums of the artists in ``g`` and ``W_a`` the
sum of the artist's track weights. At artist grain the last term is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import duckdb
import numpy as np
import pandas as pd

from recsys.errors import NotFittedError
from recsys.warehouse import table_exists

__all__ = ["PreferenceModel"]


@dataclass(frozen=True)
class PreferenceModel:
    """True preferences of every user over every track (or artist) of a generated warehouse.

    Attributes:
        user_ids: user ids in row order of ``taste``.
        taste: (n_users, n_genres) end-of-log sub-genre preferences.
        genre_ids: genre ids in column order of ``taste``.
        mainstreaminess: per user, the weight of the head (popularity) policy.
        artist_ids: artist ids in column order of the artist terms.
        artist_genre_col: column of ``taste`` holding each artist's primary sub-genre.
        artist_head: appeal / H_g of each artist (share within its genre, head policy).
        artist_tail: appeal**γ / L_g of each artist (share within its genre, tail policy).
        track_ids: track ids.
        track_artist_col: artist column of each track.
        track_log_share: log(w_t / W_a), the track's share of its artist at the end of the log.
    """

    user_ids: np.ndarray
    taste: np.ndarray
    genre_ids: np.ndarray
    mainstreaminess: np.ndarray
    artist_ids: np.ndarray
    artist_genre_col: np.ndarray
    artist_head: np.ndarray
    artist_tail: np.ndarray
    track_ids: np.ndarray
    track_artist_col: np.ndarray
    track_log_share: np.ndarray

    @classmethod
    def from_warehouse(cls, con: duckdb.DuckDBPyConnection) -> PreferenceModel:
        """Load the planted truth; raises NotFittedError if the warehouse has none."""
        if not table_exists(con, "ground_truth_user_taste"):
            raise NotFittedError("this warehouse has no ground truth (it was not generated)")
        params = con.execute(
            "SELECT parameter, value FROM ground_truth_preference WHERE value IS NOT NULL"
        ).df()
        p = dict(zip(params["parameter"], params["value"], strict=True))
        users = con.execute(
            "SELECT user_id, mainstreaminess FROM ground_truth_users ORDER BY user_id"
        ).df()
        genres = (
            con.execute("SELECT DISTINCT genre_id FROM ground_truth_artists ORDER BY genre_id")
            .df()["genre_id"]
            .to_numpy()
        )
        taste_long = con.execute(
            "SELECT user_id, genre_id, weight FROM ground_truth_user_taste"
        ).df()
        u_pos = np.searchsorted(users["user_id"].to_numpy(), taste_long["user_id"].to_numpy())
        all_genres = np.union1d(genres, taste_long["genre_id"].to_numpy())
        g_pos = np.searchsorted(all_genres, taste_long["genre_id"].to_numpy())
        taste = np.zeros((len(users), len(all_genres)))
        taste[u_pos, g_pos] = taste_long["weight"].to_numpy()
        artists = con.execute(
            "SELECT artist_id, genre_id, appeal FROM ground_truth_artists ORDER BY artist_id"
        ).df()
        a_genre = np.searchsorted(all_genres, artists["genre_id"].to_numpy())
        appeal = artists["appeal"].to_numpy()
        tail = appeal ** p["tail_exponent"]
        head_sum = np.bincount(a_genre, weights=appeal, minlength=len(all_genres))
        tail_sum = np.bincount(a_genre, weights=tail, minlength=len(all_genres))
        tracks = con.execute(
            """
            SELECT t.track_id, t.artist_id, g.appeal,
                   date_diff('second', g.released, (SELECT max(released) FROM ground_truth_tracks))
                       / 86400.0 AS age_days
            FROM tracks t JOIN ground_truth_tracks g USING (track_id) ORDER BY t.track_id
            """
        ).df()
        t_artist = np.searchsorted(artists["artist_id"].to_numpy(), tracks["artist_id"].to_numpy())
        w = tracks["appeal"].to_numpy() * (
            p["floor"] + np.exp(-tracks["age_days"].to_numpy() / p["tau_days"])
        )
        w_sum = np.bincount(t_artist, weights=w, minlength=len(artists))
        return cls(
            user_ids=users["user_id"].to_numpy(),
            taste=taste,
            genre_ids=all_genres,
            mainstreaminess=users["mainstreaminess"].to_numpy(),
            artist_ids=artists["artist_id"].to_numpy(),
            artist_genre_col=a_genre,
            artist_head=appeal / head_sum[a_genre],
            artist_tail=tail / tail_sum[a_genre],
            track_ids=tracks["track_id"].to_numpy(),
            track_artist_col=t_artist,
            track_log_share=np.log(w / w_sum[t_artist]),
        )

    def _rows(self, user_ids: np.ndarray) -> np.ndarray:
        rows = np.searchsorted(self.user_ids, user_ids)
        rows = np.clip(rows, 0, len(self.user_ids) - 1)
        if not np.array_equal(self.user_ids[rows], user_ids):
            raise KeyError("some user ids are not in the ground truth")
        return rows

    def artist_scores(self, user_ids: np.ndarray) -> np.ndarray:
        """(n_users, n_artists) log-probability of a fresh pick landing on each artist."""
        rows = self._rows(np.asarray(user_ids))
        m = self.mainstreaminess[rows][:, None]
        mix = m * self.artist_head[None, :] + (1.0 - m) * self.artist_tail[None, :]
        with np.errstate(divide="ignore"):
            return np.log(self.taste[rows][:, self.artist_genre_col]) + np.log(mix)

    def scores(
        self, user_ids: np.ndarray, grain: Literal["track", "artist"] = "track"
    ) -> np.ndarray:
        """(n_users, n_items) true scores; columns follow ``track_ids`` or ``artist_ids``."""
        a = self.artist_scores(user_ids)
        if grain == "artist":
            return a
        return a[:, self.track_artist_col] + self.track_log_share[None, :]

    def top_k(
        self,
        user_ids: np.ndarray,
        k: int,
        *,
        grain: Literal["track", "artist"] = "track",
        exclude: pd.DataFrame | None = None,
        batch: int = 256,
    ) -> pd.DataFrame:
        """The oracle ranking: each user's ``k`` truly preferred items.

        Args:
            user_ids: users to rank for.
            k: list length.
            grain: rank tracks or artists.
            exclude: optional ``user_id, item_id`` pairs to leave out (e.g. items already
                played, for the discovery task).
            batch: users scored at once (bounds memory to batch x n_items floats).

        Returns:
            Long frame ``user_id, item_id, score, rank`` (rank from 1).
        """
        items = self.track_ids if grain == "track" else self.artist_ids
        user_ids = np.asarray(user_ids)
        frames = []
        for lo in range(0, len(user_ids), batch):
            chunk = user_ids[lo : lo + batch]
            s = self.scores(chunk, grain)
            if exclude is not None and len(exclude):
                ex = exclude[exclude["user_id"].isin(chunk)]
                r = np.searchsorted(chunk, ex["user_id"].to_numpy(), sorter=np.argsort(chunk))
                r = np.argsort(chunk)[r]
                c = np.searchsorted(items, ex["item_id"].to_numpy())
                ok = (c < len(items)) & (
                    items[np.minimum(c, len(items) - 1)] == ex["item_id"].to_numpy()
                )
                s[r[ok], c[ok]] = -np.inf
            kk = min(k, s.shape[1])
            top = np.argpartition(-s, kk - 1, axis=1)[:, :kk]
            top_s = np.take_along_axis(s, top, axis=1)
            order = np.argsort(-top_s, axis=1, kind="stable")
            top = np.take_along_axis(top, order, axis=1)
            top_s = np.take_along_axis(top_s, order, axis=1)
            frames.append(
                pd.DataFrame(
                    {
                        "user_id": np.repeat(chunk, kk),
                        "item_id": items[top.ravel()],
                        "score": top_s.ravel(),
                        "rank": np.tile(np.arange(1, kk + 1), len(chunk)),
                    }
                )
            )
        return pd.concat(frames, ignore_index=True)
