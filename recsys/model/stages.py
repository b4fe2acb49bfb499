"""Run stages: work a wing adds to every build, after the run's own tables are written.

Each stage is a :class:`RunStage` in :data:`RUN_STAGES`; the build runs them in order inside
the same transaction as the run (so a failing stage leaves the warehouse as it was), times
each one into the run's ``timings`` under its name, and reports its label as progress.
A stage receives the connection being built and a :class:`RunContext` with everything the
build computed (:class:`~recsys.model._outputs.BuildOutputs`), and writes its own tables,
each tagged with ``ctx.run_id``.

Adding a stage is one function in the wing's package plus one line here; the entry imports
the wing lazily so that importing the model code stays light.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

if TYPE_CHECKING:
    from recsys.model._outputs import BuildOutputs
    from recsys.model.config import BuildConfig

__all__ = ["RUN_STAGES", "RunContext", "RunStage"]


@dataclass(frozen=True)
class RunContext:
    """What a run stage may read.

    Attributes:
        run_id: the run being written; tag every row with it.
        config: the build's configuration.
        outputs: everything the build computed.
        data_version: the warehouse's data version the run was built on.
        model_path: the saved ranker (LightGBM text model, with a JSON sidecar).
        progress: ``progress(step, fraction)`` for long stages (fraction of this stage).
    """

    run_id: str
    config: BuildConfig
    outputs: BuildOutputs
    data_version: str
    model_path: Path
    progress: Callable[[str, float], None]


@dataclass(frozen=True)
class RunStage:
    """One stage run after every build.

    Attributes:
        name: key of its time in the run's ``timings``.
        label: progress text.
        run: writes the stage's tables on the build's connection.
    """

    name: str
    label: str
    run: Callable[[duckdb.DuckDBPyConnection, RunContext], None]


def _explain(con: duckdb.DuckDBPyConnection, ctx: RunContext) -> None:
    from recsys.explain import store_explanations

    store_explanations(con, ctx)


def _audit(con: duckdb.DuckDBPyConnection, ctx: RunContext) -> None:
    from recsys.audit import write_audit

    write_audit(con, ctx)


def _map(con: duckdb.DuckDBPyConnection, ctx: RunContext) -> None:
    from recsys.maps import run_map_stage

    run_map_stage(con, ctx)


RUN_STAGES: tuple[RunStage, ...] = (
    RunStage("explain", "storing explanations", _explain),
    RunStage("audit", "auditing popularity bias and fairness", _audit),
    RunStage("map", "drawing the genre map and testing for emerging clusters", _map),
)
"""Stages every build runs after writing its run, in order."""
