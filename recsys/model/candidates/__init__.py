"""Candidate generators: each is a baseline alone, and their union feeds the re-ranker.

All share :class:`CandidateGenerator`: ``fit(history) -> self`` and
``recommend(user_ids, k, *, exclude_seen=True)`` returning ``user_id, item_id, score, rank``;
``only_seen=True`` ranks only the user's history instead (the repeat task).
Users absent from the fitted history get nothing from :class:`ItemKNN`, :class:`EASE` and
:class:`ALS`; :class:`MostPopular` serves them its list, so the union always covers them.
"""

from recsys.model.candidates._als import ALS
from recsys.model.candidates._base import (
    RECO_COLUMNS,
    CandidateGenerator,
    GeneratorSkippedError,
    Interactions,
    MatrixGenerator,
    SeenMode,
    build_interactions,
)
from recsys.model.candidates._ease import EASE
from recsys.model.candidates._knn import ItemKNN
from recsys.model.candidates._popular import MostPopular
from recsys.model.candidates._union import (
    SOURCES,
    decode_sources,
    fit_generators,
    union_candidates,
)

__all__ = [
    "ALS",
    "EASE",
    "RECO_COLUMNS",
    "SOURCES",
    "CandidateGenerator",
    "GeneratorSkippedError",
    "Interactions",
    "ItemKNN",
    "MatrixGenerator",
    "MostPopular",
    "SeenMode",
    "build_interactions",
    "decode_sources",
    "fit_generators",
    "union_candidates",
]
