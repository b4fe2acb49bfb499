"""Clusters of the map: HDBSCAN on the joint embedding (not on the 2-D picture), each cluster
labelled by its most distinctive tags (class-based TF-IDF).

``tags`` frames are long: ``artist_id, genre_id, genre, parent, weight``.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from recsys.maps._config import MapConfig

__all__ = ["NOISE", "artist_tags", "attach_noise", "c_tf_idf", "cluster", "label_clusters"]

NOISE = -1
"""Cluster id of artists HDBSCAN leaves out of every cluster."""


def cluster(vectors: np.ndarray, config: MapConfig) -> tuple[np.ndarray, np.ndarray]:
    """Cluster ids and membership strengths of the rows of ``vectors`` (unit length, so the
    Euclidean distance ranks pairs exactly as the cosine does).

    Ids are renumbered 0, 1, ... by decreasing size (ties by first row), so the same
    embedding always gives the same ids; :data:`NOISE` marks the unclustered.
    """
    from sklearn.cluster import HDBSCAN

    n = len(vectors)
    if n < max(config.min_cluster_size, 3):
        return np.full(n, NOISE, dtype=np.int64), np.zeros(n)
    model = HDBSCAN(
        min_cluster_size=config.min_cluster_size,
        min_samples=min(config.min_samples or config.min_cluster_size, n - 1),
        metric="euclidean",
        copy=True,
    )
    raw = model.fit_predict(vectors)
    strength = np.asarray(model.probabilities_, dtype=np.float64)
    if config.attach_noise:
        raw = attach_noise(vectors, raw)
    found = [c for c in np.unique(raw) if c != NOISE]
    order = sorted(found, key=lambda c: (-int((raw == c).sum()), int(np.argmax(raw == c))))
    mapping = {old: new for new, old in enumerate(order)}
    ids = np.array([mapping.get(c, NOISE) for c in raw], dtype=np.int64)
    return ids, np.round(strength, 6)


def attach_noise(vectors: np.ndarray, ids: np.ndarray) -> np.ndarray:
    """Give each noise point the cluster whose centre (mean direction) is nearest, when it is at
    least as close to that centre as the cluster's own least central member; the rest stay
    noise. Their HDBSCAN membership strength stays 0.

    HDBSCAN leaves thinly heard artists (a new scene's, say) as noise: their listening vectors
    rest on a handful of listeners. Attaching them to an existing cluster never creates a
    cluster or moves a member, the same idea as BERTopic's outlier reduction by embeddings.
    """
    found = np.unique(ids[ids != NOISE])
    noise = np.flatnonzero(ids == NOISE)
    if not len(found) or not len(noise):
        return ids
    centres = np.stack([vectors[ids == c].mean(axis=0) for c in found])
    centres /= np.maximum(np.linalg.norm(centres, axis=1, keepdims=True), 1e-12)
    least = np.array([(vectors[ids == c] @ centres[i]).min() for i, c in enumerate(found)])
    sims = vectors[noise] @ centres.T
    best = sims.argmax(axis=1)
    close = sims[np.arange(len(noise)), best] >= least[best]
    out = ids.copy()
    out[noise[close]] = found[best[close]]
    return out


def c_tf_idf(tags: pd.DataFrame, clusters: pd.Series) -> pd.DataFrame:
    """Class-based TF-IDF of every tag in every cluster: ``cluster_id, genre, score``.

    ``W(t, c) = tf(t, c) / sum_t' tf(t', c) * log(1 + A / f(t))``, with ``tf(t, c)`` the summed
    tag weight of the cluster's artists, ``f(t)`` the tag's weight over all clusters and ``A``
    the average total weight of a cluster. Source: Grootendorst, "BERTopic: neural topic
    modeling with a class-based TF-IDF procedure", arXiv:2203.05794 (2022). Noise is left out.

    Args:
        tags: ``artist_id, genre, weight``.
        clusters: cluster id of each artist (index ``artist_id``).
    """
    t = tags.merge(clusters.rename("cluster_id"), left_on="artist_id", right_index=True)
    t = t[t["cluster_id"] != NOISE]
    if t.empty:
        return pd.DataFrame({"cluster_id": [], "genre": [], "score": []})
    tf = t.groupby(["cluster_id", "genre"], sort=True)["weight"].sum()
    per_class = tf.groupby(level="cluster_id").transform("sum")
    per_term = tf.groupby(level="genre").transform("sum")
    avg = float(tf.groupby(level="cluster_id").sum().mean())
    score = tf / per_class * np.log1p(avg / per_term)
    return score.rename("score").reset_index()


def label_clusters(tags: pd.DataFrame, clusters: pd.Series, config: MapConfig) -> pd.DataFrame:
    """``cluster_id, label, top_genres`` for every cluster (noise included, as "unclustered").

    The label names the ``label_terms`` most distinctive tags; ``top_genres`` lists the
    ``top_terms`` most distinctive (ties by name). A cluster without tags is "cluster N".
    """
    scores = c_tf_idf(tags, clusters)
    scores = scores.sort_values(["cluster_id", "score", "genre"], ascending=[True, False, True])
    top = scores.groupby("cluster_id")["genre"].agg(lambda g: list(g)[: config.top_terms])
    rows = []
    for cid in sorted(set(clusters.unique())):
        genres = top.get(cid, []) if cid != NOISE else []
        if cid == NOISE:
            label = "unclustered"
        elif genres:
            label = " · ".join(genres[: config.label_terms])
        else:
            label = f"cluster {cid}"
        rows.append({"cluster_id": int(cid), "label": label, "top_genres": list(genres)})
    return pd.DataFrame(rows, columns=["cluster_id", "label", "top_genres"])


def artist_tags(tags: pd.DataFrame, n: int = 3) -> pd.DataFrame:
    """Each tagged artist's ``top_tags`` (its ``n`` heaviest tags, joined by ", ") and
    ``parent_genre`` (the parent of its heaviest tag)."""
    if tags.empty:
        return pd.DataFrame({"artist_id": [], "top_tags": [], "parent_genre": []})
    t = tags.sort_values(["artist_id", "weight", "genre"], ascending=[True, False, True])
    grouped = t.groupby("artist_id", sort=True)
    return pd.DataFrame(
        {
            "top_tags": grouped["genre"].agg(lambda g: ", ".join(list(g)[:n])),
            "parent_genre": grouped["parent"].first(),
        }
    ).reset_index()
