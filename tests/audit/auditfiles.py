"""Helpers of the audit tests: the build configuration and the audit's run stage."""

from __future__ import annotations

from recsys.model import stages
from recsys.model.config import BuildConfig
from recsys.model.ranker import RankerConfig
from recsys.model.stages import RunStage

ONE_THREAD = BuildConfig(ranker=RankerConfig(n_jobs=1))
"""One LightGBM thread: on shared cores more threads make a tiny build far slower."""


def audit_stage() -> RunStage:
    """The audit's entry in the run-stage registry."""
    (stage,) = [s for s in stages.RUN_STAGES if s.name == "audit"]
    return stage
