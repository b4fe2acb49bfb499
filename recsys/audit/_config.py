"""The audit's settings: one frozen object, saved with every audit it produced."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any

from recsys.privacy import MIN_GROUP_SIZE

__all__ = ["AuditConfig"]


@dataclass(frozen=True)
class AuditConfig:
    """How the audit measures, resamples and judges.

    Attributes:
        k: list length the figures are computed on (each list is cut to its top ``k``).
        n_boot: bootstrap resamples behind every interval.
        confidence: level of the intervals.
        band: the pass band of a disparity ratio, ``(low, high)``; the default is the
            four-fifths rule (0.8) and its inverse (1.25).
        min_group_size: groups with fewer members are suppressed (listeners for listener
            groups, artists for artist groups).
        seed: seed of every resample; the same warehouse gives the same figures.
        head_share: the short head is the most played items that together take this share
            of plays; every other item is in the long tail.
        tier_share: artist popularity tiers: the most played artists taking this share of
            plays are ``head``, the least played taking it are ``tail``, the rest ``mid``.
        new_artist_days: an artist is new when it debuted within this many days of the end of
            the listening log.
        calibration_alpha: the smoothing of the recommended genre mix in the miscalibration
            (``q~ = (1 - alpha) q + alpha p``).
        oracle_users: the oracle reference ranks at most this many listeners (a seeded sample).
        rerank_candidates: candidates per listener the re-rankers choose from.
        strengths: the strength grid of every re-ranker's trade-off curve.
        include_inferred: also form groups from attributes inferred from tags (shown as
            their own groupings, marked inferred); False leaves them out.
    """

    k: int = 10
    n_boot: int = 1000
    confidence: float = 0.95
    band: tuple[float, float] = (0.8, 1.25)
    min_group_size: int = MIN_GROUP_SIZE
    seed: int = 42
    head_share: float = 0.8
    tier_share: float = 0.2
    new_artist_days: int = 365
    calibration_alpha: float = 0.01
    oracle_users: int = 5000
    rerank_candidates: int = 100
    strengths: tuple[float, ...] = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0)
    include_inferred: bool = True

    def __post_init__(self) -> None:
        low, high = self.band
        if not 0.0 < low <= 1.0 <= high:
            raise ValueError("band must be (low, high) with 0 < low <= 1 <= high")
        if self.k < 1 or self.n_boot < 10 or not 0.0 < self.confidence < 1.0:
            raise ValueError("k must be >= 1, n_boot >= 10 and confidence in (0, 1)")
        if self.min_group_size < 1:
            raise ValueError("min_group_size must be at least 1")
        if not 0.0 < self.head_share < 1.0 or not 0.0 < self.tier_share < 0.5:
            raise ValueError("head_share must be in (0, 1) and tier_share in (0, 0.5)")
        if not 0.0 < self.calibration_alpha < 1.0:
            raise ValueError("calibration_alpha must be in (0, 1)")
        if not self.strengths or min(self.strengths) < 0.0 or max(self.strengths) > 1.0:
            raise ValueError("strengths must be a non-empty grid within [0, 1]")

    def to_dict(self) -> dict[str, Any]:
        """A JSON-friendly dict."""
        d = asdict(self)
        d["band"] = list(self.band)
        d["strengths"] = list(self.strengths)
        return d

    @classmethod
    def from_dict(cls, stored: Mapping[str, Any]) -> AuditConfig:
        """The settings saved by :meth:`to_dict` (unknown keys are ignored)."""
        known = {f.name for f in fields(cls)}
        values: dict[str, Any] = {k: v for k, v in stored.items() if k in known}
        for key in ("band", "strengths"):
            if key in values:
                values[key] = tuple(values[key])
        return cls(**values)
