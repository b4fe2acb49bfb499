"""The candidate-generator registry: every consumer reads the generators from here.

A generator is registered once, with its name (the column prefix of its features, its bit in
the union's ``sources`` mask, its key in the run's metrics), a label for people, and a factory
that builds it from a :class:`~recsys.model.config.BuildConfig` (``BuildConfig()`` gives its
defaults). The build, the run outputs, the Runs page and its figures, the CLI and the
benchmarks all read :data:`GENERATORS` at call time, so adding a generator is one module in
``recsys/model/candidates/`` plus one line here.

The two models that are not generators, the re-ranker and the oracle, are named here too, so
that every list of models (tables, charts, the CLI) orders and labels them the same way.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from recsys.model.candidates import CandidateGenerator
    from recsys.model.config import BuildConfig

__all__ = [
    "GENERATORS",
    "ORACLE",
    "RANKER",
    "GeneratorSpec",
    "generator_names",
    "model_label",
    "model_order",
    "spec",
]

RANKER: Final = "lightgbm_ranker"
"""The re-ranker's model name in runs."""
ORACLE: Final = "oracle"
"""The planted truth's own ranking (synthetic data only)."""


@dataclass(frozen=True)
class GeneratorSpec:
    """One candidate generator, as every consumer sees it.

    Attributes:
        name: identifier (snake_case): feature prefix, ``sources`` bit, metrics key.
        label: what people read in tables and charts.
        description: one plain sentence on how it proposes items.
        factory: builds an unfitted generator from a build configuration.
    """

    name: str
    label: str
    description: str
    factory: Callable[[BuildConfig], CandidateGenerator]

    def make(self, config: BuildConfig | None = None) -> CandidateGenerator:
        """An unfitted generator for ``config`` (default: the default build configuration)."""
        from recsys.model.config import BuildConfig

        return self.factory(config if config is not None else BuildConfig())


def _most_popular(config: BuildConfig) -> CandidateGenerator:
    from recsys.model.candidates import MostPopular

    return MostPopular()


def _item_knn(config: BuildConfig) -> CandidateGenerator:
    from recsys.model.candidates import ItemKNN

    return ItemKNN(n_neighbours=config.knn_neighbours)


def _ease(config: BuildConfig) -> CandidateGenerator:
    from recsys.model.candidates import EASE

    return EASE(top_items=config.ease_top_items)


def _als(config: BuildConfig) -> CandidateGenerator:
    from recsys.model.candidates import ALS

    return ALS(factors=config.als_factors, seed=config.seed)


GENERATORS: tuple[GeneratorSpec, ...] = (
    GeneratorSpec(
        "most_popular",
        "Most popular",
        "The most played items of the last 28 days, the same list for everyone.",
        _most_popular,
    ),
    GeneratorSpec(
        "item_knn",
        "Item-kNN",
        "Items played by the same listeners as the listener's items (cosine similarity).",
        _item_knn,
    ),
    GeneratorSpec(
        "ease",
        "EASE",
        "A closed-form linear item-to-item model over the most played items.",
        _ease,
    ),
    GeneratorSpec(
        "als",
        "ALS",
        "Matrix factorisation of implicit feedback (alternating least squares).",
        _als,
    ),
)
"""Every build's candidate generators, in union order (each is also a baseline)."""


def generator_names() -> tuple[str, ...]:
    """The registered generators' names, in union order."""
    return tuple(g.name for g in GENERATORS)


def spec(name: str) -> GeneratorSpec:
    """The registered generator called ``name``.

    Raises:
        KeyError: no generator of that name is registered.
    """
    for g in GENERATORS:
        if g.name == name:
            return g
    raise KeyError(f"no candidate generator {name!r}; registered: {', '.join(generator_names())}")


def model_order() -> tuple[str, ...]:
    """Every model a run reports, in display order: the ranker, the generators, the oracle."""
    return (RANKER, *generator_names(), ORACLE)


def model_label(name: str) -> str:
    """What people read for a model name (the name itself when it is unknown)."""
    fixed = {RANKER: "LightGBM ranker", ORACLE: "Oracle (true preference)"}
    if name in fixed:
        return fixed[name]
    return next((g.label for g in GENERATORS if g.name == name), name)
