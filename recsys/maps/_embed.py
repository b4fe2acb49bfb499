"""Artist embeddings: co-listening (PPMI of the artist x listener matrix, truncated SVD) joined
with tag vectors (artist_genres weights, each tag's parent genre beside it).

Two artists end up close when the same listeners play them and when they carry the same tags.
Frames are long: ``plays`` = ``artist_id, user_id, plays``; ``tags`` = ``artist_id, genre_id,
parent_id, weight`` (see ``recsys/sql/maps/``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

from recsys.errors import DataError
from recsys.maps._config import MapConfig

__all__ = ["Embedding", "embed", "listening_vectors", "ppmi", "tag_vectors"]


@dataclass(frozen=True)
class Embedding:
    """The joint embedding of the artists on the map.

    Attributes:
        artist_ids: the artists, in row order (sorted).
        vectors: one unit-length row per artist (listening block, then tag block).
        listeners: distinct listeners of each artist.
        plays: plays of each artist.
        n_listening: columns of the listening block.
    """

    artist_ids: np.ndarray
    vectors: np.ndarray
    listeners: np.ndarray
    plays: np.ndarray
    n_listening: int


def ppmi(matrix: sparse.csr_matrix, alpha: float = 0.75) -> sparse.csr_matrix:
    """Positive pointwise mutual information of a count matrix (rows: artists, columns:
    listeners), with the column distribution smoothed by ``alpha``.

    ``PPMI(a, u) = max(0, log(P(a, u) / (P(a) P_alpha(u))))`` with
    ``P_alpha(u) = c(u)^alpha / sum_v c(v)^alpha``. Source: Levy, Goldberg & Dagan,
    "Improving distributional similarity with lessons learned from word embeddings", TACL 2015.
    """
    m = sparse.csr_matrix(matrix, dtype=np.float64)
    total = m.sum()
    if total <= 0:
        return m
    row = np.asarray(m.sum(axis=1)).ravel()
    col = np.asarray(m.sum(axis=0)).ravel() ** alpha
    col = col / col.sum()
    coo = m.tocoo()
    pmi = np.log(coo.data / total) - np.log(row[coo.row] / total) - np.log(col[coo.col])
    keep = pmi > 0
    out = sparse.csr_matrix(
        (pmi[keep], (coo.row[keep], coo.col[keep])), shape=m.shape, dtype=np.float64
    )
    out.sort_indices()
    return out


def listening_vectors(plays: pd.DataFrame, artist_ids: np.ndarray, config: MapConfig) -> np.ndarray:
    """Unit-length co-listening vectors of ``artist_ids``: PPMI of log-damped plays, truncated
    SVD (seeded), singular values square-rooted (Levy et al.'s symmetric weighting)."""
    from sklearn.decomposition import TruncatedSVD

    rows = np.searchsorted(artist_ids, plays["artist_id"].to_numpy())
    users, cols = np.unique(plays["user_id"].to_numpy(), return_inverse=True)
    counts = np.log1p(plays["plays"].to_numpy(np.float64))
    matrix = sparse.csr_matrix((counts, (rows, cols)), shape=(len(artist_ids), len(users)))
    weighted = ppmi(matrix, config.context_alpha)
    k = min(config.n_components, len(artist_ids) - 1, len(users) - 1)
    if k < 2:
        raise DataError(
            f"the map needs at least 3 artists and 3 listeners; this data has "
            f"{len(artist_ids)} artists and {len(users)} listeners"
        )
    svd = TruncatedSVD(n_components=k, algorithm="randomized", n_iter=7, random_state=config.seed)
    factors = svd.fit_transform(weighted)  # U * S
    factors = factors / np.sqrt(np.maximum(svd.singular_values_, 1e-12))  # U * sqrt(S)
    return _unit_rows(_fix_signs(factors))


def tag_vectors(tags: pd.DataFrame, artist_ids: np.ndarray, config: MapConfig) -> np.ndarray:
    """Unit-length tag vectors of ``artist_ids`` over every genre (zero rows for untagged
    artists): each tag's weight, plus ``parent_weight`` times it on the tag's parent genre."""
    if tags.empty:
        return np.zeros((len(artist_ids), 0))
    t = tags[tags["artist_id"].isin(artist_ids)]
    own = t[["artist_id", "genre_id", "weight"]]
    parents = t.dropna(subset=["parent_id"])
    up = pd.DataFrame(
        {
            "artist_id": parents["artist_id"],
            "genre_id": parents["parent_id"].astype(np.int64),
            "weight": parents["weight"] * config.parent_weight,
        }
    )
    both = pd.concat([own, up], ignore_index=True)
    genres = np.unique(np.concatenate([tags["genre_id"], tags["parent_id"].dropna()]).astype(int))
    rows = np.searchsorted(artist_ids, both["artist_id"].to_numpy())
    cols = np.searchsorted(genres, both["genre_id"].to_numpy(np.int64))
    dense = np.zeros((len(artist_ids), len(genres)))
    np.add.at(dense, (rows, cols), both["weight"].to_numpy(np.float64))
    return _unit_rows(dense)


def embed(plays: pd.DataFrame, tags: pd.DataFrame, config: MapConfig) -> Embedding:
    """The joint embedding of every artist with at least ``min_artist_listeners`` listeners.

    Raises:
        DataError: too few artists or listeners for a map.
    """
    stats = plays.groupby("artist_id").agg(listeners=("user_id", "nunique"), plays=("plays", "sum"))
    stats = stats[stats["listeners"] >= config.min_artist_listeners].sort_index()
    artist_ids = stats.index.to_numpy(np.int64)
    kept = plays[plays["artist_id"].isin(artist_ids)]
    listening = listening_vectors(kept, artist_ids, config)
    tag = tag_vectors(tags, artist_ids, config)
    vectors = _join(listening, tag, stats["listeners"].to_numpy(np.float64), config)
    return Embedding(
        artist_ids=artist_ids,
        vectors=_unit_rows(vectors),
        listeners=stats["listeners"].to_numpy(np.int64),
        plays=stats["plays"].to_numpy(np.float64),
        n_listening=listening.shape[1],
    )


def _join(
    listening: np.ndarray, tag: np.ndarray, listeners: np.ndarray, config: MapConfig
) -> np.ndarray:
    """Both blocks side by side, each artist's squared length shared between them: the tag
    block gets ``tag_weight``, the listening block ``1 - tag_weight`` shrunk by the evidence
    behind it (``n / (n + listener_prior)`` for an artist with ``n`` listeners), so an artist
    heard by a handful of listeners leans on its tags. Untagged artists keep listening only."""
    if tag.shape[1] == 0:
        return listening
    has_tags = np.abs(tag).sum(axis=1) > 0
    listen = (1.0 - config.tag_weight) * listeners / (listeners + config.listener_prior)
    tags = np.where(has_tags, config.tag_weight, 0.0)
    total = np.where(has_tags, listen + tags, 1.0)
    a = np.where(has_tags, np.sqrt(listen / total), 1.0)[:, None]
    b = np.sqrt(tags / total)[:, None]
    return np.hstack([listening * a, tag * b])


def _unit_rows(x: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return np.divide(x, norms, out=np.zeros_like(x), where=norms > 0)


def _fix_signs(x: np.ndarray) -> np.ndarray:
    """Flip each component so its largest absolute loading is positive (SVD signs are
    arbitrary; this makes the embedding, and so the map, reproducible across BLAS builds)."""
    idx = np.argmax(np.abs(x), axis=0)
    signs = np.sign(x[idx, np.arange(x.shape[1])])
    signs[signs == 0] = 1.0
    return x * signs
