"""Clusters and labels: HDBSCAN finds separated groups with ids by size, a stray point joins
its group only when it is as close as the group's own members, and class-based TF-IDF names
what is distinctive rather than what is common."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from recsys.maps import NOISE, MapConfig, attach_noise, c_tf_idf, cluster, label_clusters
from recsys.maps._clusters import artist_tags


def _blobs(rng: np.random.Generator, sizes: tuple[int, ...], spread: float = 0.05) -> np.ndarray:
    dims = len(sizes) + 2
    rows = []
    for i, n in enumerate(sizes):
        centre = np.zeros(dims)
        centre[i] = 1.0
        rows.append(centre + rng.normal(0, spread, (n, dims)))
    x = np.vstack(rows)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


def test_hdbscan_finds_the_groups_and_numbers_them_by_size(rng: np.random.Generator) -> None:
    x = _blobs(rng, (15, 40, 25))
    ids, strength = cluster(x, MapConfig(min_cluster_size=5))
    truth = np.repeat([0, 1, 2], [15, 40, 25])
    # the largest group is cluster 0, the next 1, the smallest 2
    expected = {1: 0, 2: 1, 0: 2}
    assert [expected[t] for t in truth] == ids.tolist()
    assert ((strength >= 0) & (strength <= 1)).all()


def test_the_same_vectors_give_the_same_clusters(rng: np.random.Generator) -> None:
    x = _blobs(rng, (20, 20, 20), spread=0.2)
    a, sa = cluster(x, MapConfig(min_cluster_size=5))
    b, sb = cluster(x.copy(), MapConfig(min_cluster_size=5))
    assert a.tolist() == b.tolist() and sa.tolist() == sb.tolist()


def test_fewer_points_than_a_cluster_are_all_noise() -> None:
    ids, strength = cluster(np.eye(4), MapConfig(min_cluster_size=10))
    assert (ids == NOISE).all() and (strength == 0).all()


def test_noise_joins_a_cluster_only_when_as_close_as_its_members() -> None:
    members = np.array([[1.0, 0.1, 0.0], [1.0, -0.1, 0.0], [1.0, 0.0, 0.1]])
    near = [1.0, 0.0, 0.0]  # closer to the centre than any member
    far = [0.0, 0.0, 1.0]  # a quarter turn away
    x = np.vstack([members, near, far])
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    ids = np.array([0, 0, 0, NOISE, NOISE])
    assert attach_noise(x, ids).tolist() == [0, 0, 0, 0, NOISE]
    assert attach_noise(x, np.full(5, NOISE)).tolist() == [NOISE] * 5


TAGS = pd.DataFrame(
    {
        "artist_id": [1, 1, 2, 2, 3, 3, 4, 4],
        "genre": ["rock", "punk", "rock", "punk", "rock", "jazz", "rock", "jazz"],
        "parent": ["Rock", "Rock", "Rock", "Rock", "Rock", "Jazz", "Rock", "Jazz"],
        "weight": [1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0, 1.0],
    }
)
CLUSTERS = pd.Series([0, 0, 1, 1], index=pd.Index([1, 2, 3, 4], name="artist_id"))


def test_c_tf_idf_by_hand() -> None:
    scores = c_tf_idf(TAGS, CLUSTERS).set_index(["cluster_id", "genre"])["score"]
    # each cluster: 4 tag units (A = 4); rock has 4 units over both clusters, punk and jazz 2
    assert scores[(0, "rock")] == pytest.approx(0.5 * np.log1p(4 / 4))
    assert scores[(0, "punk")] == pytest.approx(0.5 * np.log1p(4 / 2))
    assert scores[(1, "jazz")] == pytest.approx(0.5 * np.log1p(4 / 2))


def test_labels_name_the_distinctive_tag_first() -> None:
    labels = label_clusters(TAGS, CLUSTERS, MapConfig(label_terms=1, top_terms=2))
    rows = labels.set_index("cluster_id")
    assert rows.loc[0, "label"] == "punk" and rows.loc[0, "top_genres"] == ["punk", "rock"]
    assert rows.loc[1, "label"] == "jazz"


def test_noise_is_unclustered_and_an_untagged_cluster_keeps_its_number() -> None:
    of = pd.Series([0, NOISE, 5], index=pd.Index([1, 2, 9], name="artist_id"))
    labels = label_clusters(TAGS, of, MapConfig()).set_index("cluster_id")["label"]
    assert labels[NOISE] == "unclustered"
    assert labels[5] == "cluster 5"


def test_artist_tags_lists_the_heaviest_first() -> None:
    tags = TAGS.assign(weight=[1.0, 0.4, 1.0, 0.4, 0.3, 1.0, 1.0, 1.0])
    got = artist_tags(tags, n=2).set_index("artist_id")
    assert got.loc[1, "top_tags"] == "rock, punk"
    assert got.loc[3, "top_tags"] == "jazz, rock" and got.loc[3, "parent_genre"] == "Jazz"
