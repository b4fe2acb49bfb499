"""The rule that turns facet tags into inferred artist attributes.

A country and the gender of the lead voice are inferred for an artist from its place and voice
tags (``artist_tags.value``), never from its genres, and never written over declared values:
they go to ``artist_attributes_inferred`` with their evidence. The rule itself runs in SQL at
import (``import/load/attributes_inferred``), with these thresholds bound as parameters.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

__all__ = ["INFERENCE", "InferenceConfig"]


@dataclass(frozen=True)
class InferenceConfig:
    """When facet tags are strong enough evidence for an attribute.

    For an artist and an attribute (country, gender), each value's *weight share* is the sum
    of the weights of the artist's tags that state it, over the weights of all the artist's
    tags; its *agreement* is that share over the shares of every value of the attribute.

    Attributes:
        min_share: the value's weight share must reach this (a "female vocalists" applied by
            one user among hundreds of tag applications says little).
        min_agreement: the value must hold at least this share of the attribute's evidence
            ("british" and "american" in equal measure infer no country).
    """

    min_share: float = 0.03
    min_agreement: float = 0.75

    def __post_init__(self) -> None:
        if not 0.0 < self.min_share <= 1.0:
            raise ValueError("min_share must be in (0, 1]")
        if not 0.5 < self.min_agreement <= 1.0:
            raise ValueError("min_agreement must be in (0.5, 1] so one value can win")


INFERENCE: Final = InferenceConfig()
"""The thresholds the import uses."""
