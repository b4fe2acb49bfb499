"""The genre map's configuration: one frozen object, saved with every map."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

__all__ = ["MapConfig"]


@dataclass(frozen=True)
class MapConfig:
    """Everything the genre map and the trend detector depend on.

    Attributes:
        n_components: dimensions of the listening embedding (truncated SVD of the PPMI
            matrix); fewer when the data has fewer artists or listeners.
        context_alpha: smoothing exponent of the listener distribution in the PPMI
            (Levy, Goldberg & Dagan 2015 use 0.75).
        tag_weight: share of the joint embedding's squared length given to the tag vector
            (the rest goes to listening); an artist without tags has listening only.
        listener_prior: listeners at which an artist's listening counts half as much as it
            would with unlimited evidence (see :func:`recsys.maps.embed`).
        parent_weight: weight of a tag's parent genre beside the tag itself.
        min_artist_listeners: artists with fewer listeners are left off the map (their
            listening vector is noise).
        n_neighbors: UMAP's neighbourhood size.
        min_dist: UMAP's minimum distance between points in 2-D.
        min_cluster_size: HDBSCAN's smallest cluster (in artists).
        min_samples: HDBSCAN's density smoothing (None: ``min_cluster_size``).
        attach_noise: give an artist HDBSCAN leaves as noise the nearest cluster when it is as
            close to its centre as the cluster's least central member.
        label_terms: genres named in a cluster's label.
        top_terms: genres kept as a cluster's ``top_genres``.
        rec_k: recommendation slots counted per listener for the exposure share.
        window_days: length of a trend window.
        recent_windows: windows at the end of the log that are tested.
        baseline_windows: windows before them that set the baseline and its dispersion.
        fdr: false discovery rate of the Benjamini-Hochberg procedure.
        min_group_size: communities with fewer listeners are not tested or shown.
        louvain_resolution: resolution of the friend-graph Louvain communities.
        seed: seed of the SVD, UMAP and Louvain.
    """

    n_components: int = 48
    context_alpha: float = 0.75
    tag_weight: float = 0.5
    listener_prior: float = 20.0
    parent_weight: float = 0.3
    min_artist_listeners: int = 2
    n_neighbors: int = 30
    min_dist: float = 0.5
    min_cluster_size: int = 10
    min_samples: int | None = 3
    attach_noise: bool = True
    label_terms: int = 2
    top_terms: int = 5
    rec_k: int = 10
    window_days: int = 28
    recent_windows: int = 1
    baseline_windows: int = 6
    fdr: float = 0.05
    min_group_size: int = 20
    louvain_resolution: float = 1.0
    seed: int = 42

    def __post_init__(self) -> None:
        if not 0.0 <= self.tag_weight <= 1.0:
            raise ValueError("tag_weight must be in [0, 1]")
        if self.recent_windows < 1 or self.baseline_windows < 2:
            raise ValueError("need at least one recent and two baseline windows")
        if not 0.0 < self.fdr < 1.0:
            raise ValueError("fdr must be in (0, 1)")
        if self.min_cluster_size < 2 or self.n_components < 2:
            raise ValueError("min_cluster_size and n_components must be at least 2")

    def to_dict(self) -> dict[str, Any]:
        """A JSON-friendly dict."""
        return asdict(self)
