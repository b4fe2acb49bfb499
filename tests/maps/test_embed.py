"""Artist embeddings: PPMI by hand, tag vectors with parent genres, and co-listening that
separates two groups of artists heard by two disjoint groups of listeners."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import sparse

from recsys.errors import DataError
from recsys.maps import MapConfig, embed, ppmi
from recsys.maps._embed import tag_vectors


def test_ppmi_matches_the_formula_by_hand() -> None:
    counts = np.array([[2.0, 0.0], [1.0, 1.0]])
    got = ppmi(sparse.csr_matrix(counts), alpha=1.0).toarray()
    total = counts.sum()
    p_row = counts.sum(axis=1) / total
    p_col = counts.sum(axis=0) / total
    with np.errstate(divide="ignore"):
        pmi = np.log(counts / total) - np.log(p_row)[:, None] - np.log(p_col)[None, :]
    expected = np.where(counts > 0, np.maximum(pmi, 0.0), 0.0)
    np.testing.assert_allclose(got, expected, atol=1e-12)
    # artist 0 is heard only by listener 0: more than chance (log 4/3); artist 1 by both
    assert got[0, 0] == pytest.approx(np.log(4 / 3))
    assert got[1, 1] == pytest.approx(np.log(2.0))


def test_context_smoothing_lowers_the_pmi_of_rare_listeners() -> None:
    counts = sparse.csr_matrix(np.array([[9.0, 1.0], [1.0, 0.0]]))
    plain = ppmi(counts, alpha=1.0).toarray()
    smoothed = ppmi(counts, alpha=0.75).toarray()
    # plain: log((1/11) / ((10/11) (1/11))) = log 1.1; smoothed, listener 1 weighs
    # 1 / (10^0.75 + 1) instead of 1/11, which takes the PMI below zero
    assert plain[0, 1] == pytest.approx(np.log(1.1))
    assert smoothed[0, 1] == 0.0


def test_tag_vectors_add_the_parent_genre_at_its_weight() -> None:
    tags = pd.DataFrame(
        {
            "artist_id": [1, 1, 2],
            "genre_id": [10, 11, 20],
            "parent_id": [100, 100, pd.NA],
            "weight": [1.0, 0.5, 1.0],
        }
    )
    vec = tag_vectors(tags, np.array([1, 2, 3]), MapConfig(parent_weight=0.5))
    # columns: 10, 11, 20, 100; artist 1: 1, 0.5, 0, 0.5*(1 + 0.5)
    raw = np.array([1.0, 0.5, 0.0, 0.75])
    np.testing.assert_allclose(vec[0], raw / np.linalg.norm(raw))
    np.testing.assert_allclose(vec[1], [0, 0, 1, 0])
    np.testing.assert_allclose(vec[2], 0.0)  # no tags: a zero row


def _two_scenes(rng: np.random.Generator) -> pd.DataFrame:
    """Listeners 0-29 play artists 0-9, listeners 30-59 play artists 10-19."""
    rows = []
    for user in range(60):
        scene = range(10) if user < 30 else range(10, 20)
        for artist in rng.choice(list(scene), size=6, replace=False):
            rows.append((int(artist), user, float(rng.integers(1, 20))))
    return pd.DataFrame(rows, columns=["artist_id", "user_id", "plays"])


def test_co_listening_separates_two_scenes(rng: np.random.Generator) -> None:
    plays = _two_scenes(rng)
    no_tags = pd.DataFrame(columns=["artist_id", "genre_id", "parent_id", "weight"])
    emb = embed(plays, no_tags, MapConfig(n_components=4))
    v = emb.vectors
    np.testing.assert_allclose(np.linalg.norm(v, axis=1), 1.0)
    sims = v @ v.T
    scene = np.arange(20) < 10
    within = sims[np.ix_(scene, scene)].mean() + sims[np.ix_(~scene, ~scene)].mean()
    across = sims[np.ix_(scene, ~scene)].mean()
    assert within / 2 > 0.5 > across
    assert emb.listeners.tolist() == plays.groupby("artist_id")["user_id"].nunique().tolist()


def test_tags_pull_thinly_heard_artists_together() -> None:
    # four artists, each with a different single listener: listening says nothing
    plays = pd.DataFrame(
        {"artist_id": [1, 2, 3, 4], "user_id": [1, 2, 3, 4], "plays": [5.0, 5.0, 5.0, 5.0]}
    )
    plays = pd.concat([plays, plays.assign(user_id=plays["user_id"] + 10)])
    tags = pd.DataFrame(
        {
            "artist_id": [1, 2, 3, 4],
            "genre_id": [7, 7, 8, 8],
            "parent_id": [pd.NA] * 4,
            "weight": [1.0] * 4,
        }
    )
    emb = embed(plays, tags, MapConfig(n_components=3))
    sims = emb.vectors @ emb.vectors.T
    assert sims[0, 1] > sims[0, 2] + 0.3
    assert sims[2, 3] > sims[1, 3] + 0.3


def test_too_few_artists_is_a_data_error() -> None:
    plays = pd.DataFrame({"artist_id": [1, 2], "user_id": [1, 1], "plays": [1.0, 1.0]})
    no_tags = pd.DataFrame(columns=["artist_id", "genre_id", "parent_id", "weight"])
    with pytest.raises(DataError, match="at least 3 artists"):
        embed(plays, no_tags, MapConfig(min_artist_listeners=1))
