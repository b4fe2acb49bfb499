"""Configuration of the synthetic generator: presets and the switches for planted effects."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from datetime import datetime
from typing import Any

__all__ = ["PRESETS", "Plants", "SynthConfig"]


@dataclass(frozen=True)
class Plants:
    """Which effects the generator plants (each is recorded in a ``ground_truth_*`` table).

    Attributes:
        exposure_bias: the logging policy shows female artists ``exposure_factor`` times as
            often as their true appeal would.
        emerging: a few sub-genres start near zero and grow steeply over the last months,
            mostly among listeners of one country.
        segments: users are generated as mainstream, niche or mixed listeners (off: every
            user is mixed).
    """

    exposure_bias: bool = True
    emerging: bool = True
    segments: bool = True
    exposure_group: str = "female"
    exposure_factor: float = 0.5
    emerging_country: str = "BR"
    emerging_days: int = 90

    @classmethod
    def none(cls) -> Plants:
        """No planted effect at all: for showing that detectors raise no false alarm."""
        return cls(exposure_bias=False, emerging=False, segments=False)

    def __post_init__(self) -> None:
        if not 0.0 < self.exposure_factor <= 1.0:
            raise ValueError("exposure_factor must be in (0, 1]")
        if not 30 <= self.emerging_days <= 180:
            raise ValueError("emerging_days must be between 30 and 180")


@dataclass(frozen=True)
class SynthConfig:
    """Size, time span and seed of a generated warehouse.

    Attributes:
        preset: name of the preset the sizes came from (recorded in ``datasets``).
        n_users: number of listeners.
        n_artists: number of artists.
        n_tracks: number of tracks (at least one per artist).
        n_listens: target number of plays (the generated count is within a few percent).
        start: first instant of the listening log (UTC).
        days: length of the log in days.
        seed: seed of every random draw; the same config gives the same warehouse.
        plants: which effects to plant.
        chunk_users: users generated per chunk (bounds memory on large presets).
    """

    preset: str
    n_users: int
    n_artists: int
    n_tracks: int
    n_listens: int
    start: datetime = datetime(2025, 11, 1)
    days: int = 365
    seed: int = 42
    plants: Plants = field(default_factory=Plants)
    chunk_users: int = 20_000

    def __post_init__(self) -> None:
        if self.n_users < 10 or self.n_artists < 100 or self.n_tracks < self.n_artists:
            raise ValueError("need at least 10 users, 100 artists and one track per artist")
        if self.n_listens < 10 * self.n_users:
            raise ValueError("need on average at least 10 listens per user")
        if self.days < 120:
            raise ValueError("the log must span at least 120 days (two 28-day windows + trend)")

    def with_(self, **changes: Any) -> SynthConfig:
        """A copy with some fields changed (validated again)."""
        return replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-friendly dict of the config, for ``datasets`` and run records."""
        d = asdict(self)
        d["start"] = self.start.isoformat()
        return d

    @classmethod
    def from_preset(cls, name: str, **changes: Any) -> SynthConfig:
        """The config of a named preset (``tiny``, ``demo``, ``medium``, ``large``), with optional
        changes."""
        try:
            base = PRESETS[name]
        except KeyError:
            raise ValueError(
                f"unknown preset {name!r}; choose one of {', '.join(PRESETS)}"
            ) from None
        return replace(base, **changes) if changes else base


PRESETS: dict[str, SynthConfig] = {
    "tiny": SynthConfig("tiny", n_users=200, n_artists=300, n_tracks=3_000, n_listens=20_000),
    "demo": SynthConfig(
        "demo", n_users=3_000, n_artists=3_000, n_tracks=30_000, n_listens=1_500_000
    ),
    "medium": SynthConfig(
        "medium", n_users=20_000, n_artists=10_000, n_tracks=100_000, n_listens=10_000_000
    ),
    "large": SynthConfig(
        "large", n_users=100_000, n_artists=20_000, n_tracks=300_000, n_listens=50_000_000
    ),
}
"""Named sizes: ``tiny`` for tests, ``demo`` for the dashboard, ``medium`` and ``large`` for the
scale benchmarks (every preset has about 500 plays per listener)."""
