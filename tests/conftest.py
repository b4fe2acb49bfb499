"""Shared fixtures: a seeded rng and generated tiny warehouses (session-scoped, read-only use)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import numpy as np
import pytest
from hypothesis import settings

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
