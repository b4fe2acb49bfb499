"""Synthetic listening data with planted, recorded truth.

``generate_warehouse(path, SynthConfig.from_preset("demo"))`` writes a complete warehouse: the
canonical tables plus ``ground_truth_*`` tables that say what was planted (exposure bias,
emerging sub-genres, preference drivers, mainstream and niche listeners), so that the audit,
the explanations and the trend detector can be tested against a known answer.
"""

from recsys.synth._config import PRESETS, Plants, SynthConfig
from recsys.synth._generate import generate, generate_warehouse
from recsys.synth.preference import PreferenceModel

__all__ = ["PRESETS", "Plants", "PreferenceModel", "SynthConfig", "generate", "generate_warehouse"]
