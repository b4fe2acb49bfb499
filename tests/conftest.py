"""Shared fixtures: a seeded rng, generated tiny warehouses and one built tiny run.

The session-scoped warehouses are read-only: a test that writes takes a copy
(:func:`writable_warehouse`, :func:`built_tiny_copy`). Building tiny takes seconds and most
test modules need a run, so the session builds it once (:func:`built_tiny`) and every module
that only reads a run shares it; a module whose build is deliberately different (another
seed, other data, a registry extended for the test) keeps a build of its own.
"""

from __future__ import annotations

import os
import shutil
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pytest
from hypothesis import settings

if TYPE_CHECKING:
    import duckdb

    from recsys.model.build import BuildResult
    from recsys.model.config import BuildConfig
    from recsys.model.stages import RunContext

# CI runs the property tests on a fixed sequence of examples, so a submission's result does
# not depend on the draw; locally they explore new examples on every run.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI", "").strip().lower() == "true":
    settings.load_profile("ci")

os.environ.setdefault("NUMBA_CACHE_DIR", str(Path(__file__).resolve().parents[1] / ".numba_cache"))


@pytest.fixture
def rng() -> np.random.Generator:
    """A seeded random generator, so every test is repeatable."""
    return np.random.default_rng(20261129)


@pytest.fixture(scope="session")
def tiny_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A generated ``tiny`` warehouse with every plant on. Do not write to it: copy it."""
    from recsys.synth import SynthConfig, generate_warehouse

    path = tmp_path_factory.mktemp("wh") / "tiny.duckdb"
    generate_warehouse(path, SynthConfig.from_preset("tiny", seed=7))
    return path


@pytest.fixture(scope="session")
def tiny_warehouse_no_plants(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The same ``tiny`` warehouse (same seed) with every plant switched off."""
    from recsys.synth import Plants, SynthConfig, generate_warehouse

    path = tmp_path_factory.mktemp("wh") / "tiny-no-plants.duckdb"
    generate_warehouse(path, SynthConfig.from_preset("tiny", seed=7, plants=Plants.none()))
    return path


@pytest.fixture
def writable_warehouse(tiny_warehouse: Path, tmp_path: Path) -> Path:
    """A private copy of the tiny warehouse that a test may change."""
    path = tmp_path / "copy.duckdb"
    shutil.copy2(tiny_warehouse, path)
    return path


def one_thread_config() -> BuildConfig:
    """The default build with one LightGBM thread.

    On two shared cores two OpenMP threads spin against other processes and make a tiny build
    10-100x slower; one thread gives the same run in seconds.
    """
    from recsys.model.config import BuildConfig
    from recsys.model.ranker import RankerConfig

    return BuildConfig(ranker=RankerConfig(n_jobs=1))


@dataclass(frozen=True)
class BuiltTiny:
    """The session's build of tiny, and what the build computed.

    Attributes:
        path: the built warehouse (read it; copy it to write).
        result: what :func:`recsys.model.build.build` returned (``run_id``, ``summary``,
            ``timings``, ``model_path``).
        context: what every run stage received (the build's outputs among it), with a
            progress callback that reports nowhere, so a test can run a stage again.
        steps: the progress the build reported, ``(step, fraction)`` in order.
    """

    path: Path
    result: BuildResult
    context: RunContext
    steps: list[tuple[str, float]]


def _quiet(step: str, fraction: float) -> None:
    """Progress that reports nowhere."""


@pytest.fixture(scope="session")
def built_tiny(tiny_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> BuiltTiny:
    """tiny after one default build (one LightGBM thread, every run stage): built once a
    session (once a worker under xdist) and shared by every test that only reads a run."""
    from recsys.model import stages
    from recsys.model.build import build
    from recsys.model.stages import RunStage

    path = tmp_path_factory.mktemp("built-tiny") / "tiny.duckdb"
    shutil.copy2(tiny_warehouse, path)
    seen: list[RunContext] = []

    def recording(stage: RunStage) -> RunStage:
        """``stage`` itself (same name, so the same timings), noting the context it gets."""

        def run(con: duckdb.DuckDBPyConnection, ctx: RunContext) -> None:
            seen.append(ctx)
            stage.run(con, ctx)

        return RunStage(stage.name, stage.label, run)

    steps: list[tuple[str, float]] = []
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(stages, "RUN_STAGES", tuple(recording(s) for s in stages.RUN_STAGES))
        result = build(
            path,
            one_thread_config(),
            progress=lambda step, f: steps.append((step, f)),
            model_dir=path.parent / "models",
        )
    return BuiltTiny(path, result, replace(seen[0], progress=_quiet), steps)


@pytest.fixture(scope="session")
def built_tiny_warehouse(built_tiny: BuiltTiny) -> Path:
    """The path of :func:`built_tiny`. Do not write to it: use :func:`built_tiny_copy`."""
    return built_tiny.path


@pytest.fixture
def built_tiny_copy(built_tiny_warehouse: Path, tmp_path: Path) -> Path:
    """A private copy of the built tiny warehouse that a test may change (its run's model
    file stays where the build saved it)."""
    path = tmp_path / "built.duckdb"
    shutil.copy2(built_tiny_warehouse, path)
    return path
