"""The build's configuration: one frozen object, saved as JSON with every run."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from recsys.model.ranker import RankerConfig
from recsys.schema import Task

__all__ = ["BuildConfig"]


@dataclass(frozen=True)
class BuildConfig:
    """Everything a build depends on, saved with its run."""

    task: Task = "discovery"
    n_candidates: int = 100
    """Items each generator proposes per user; the union is the re-ranker's input."""
    n_recommendations: int = 50
    ease_top_items: int = 5_000
    """EASE is fitted on this many most-played items (its item x item matrix is dense)."""
    als_factors: int = 64
    knn_neighbours: int = 100
    stored_candidates: int | None = None
    """Candidates per user kept with the final ranking for explanations. None: every candidate
    while the listeners times the most a union can hold (generators x ``n_candidates``) stays
    within ``stored_rows``, else each listener's best ``stored_rows // listeners``."""
    stored_rows: int = 10_000_000
    """The most candidate rows kept for explanations when ``stored_candidates`` is None."""
    batch_users: int = 20_000
    """Users whose candidates and features are held in memory at once."""
    oracle_users: int = 5_000
    """The oracle (synthetic data only) is scored on at most this many test users, a seeded
    sample; the run records the sample's size and the 95% interval it leaves."""
    seed: int = 42
    ranker: RankerConfig = field(default_factory=RankerConfig)

    def stored_per_user(self, n_users: int, n_generators: int) -> int | None:
        """Candidates kept per listener for ``n_users`` listeners (None: all of them)."""
        if self.stored_candidates is not None:
            return self.stored_candidates
        if n_users * n_generators * self.n_candidates <= self.stored_rows:
            return None
        return max(self.n_recommendations, self.stored_rows // max(n_users, 1))

    def to_dict(self) -> dict[str, Any]:
        """A JSON-friendly dict."""
        return asdict(self)
