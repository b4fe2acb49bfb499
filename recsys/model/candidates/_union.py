"""Fit several generators and merge their proposals into the re-ranker's candidate frame."""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping, Sequence
from functools import reduce

import numpy as np
import pandas as pd

from recsys.model.candidates._base import CandidateGenerator, GeneratorSkippedError
from recsys.schema import Columns

__all__ = ["SOURCES", "decode_sources", "fit_generators", "union_candidates"]

log = logging.getLogger(__name__)

SOURCES = "sources"
"""Column of the union: bitmask of the generators that proposed the pair."""

_KEYS = [Columns.user_id, Columns.item_id]


def fit_generators(
    generators: Iterable[CandidateGenerator], history: pd.DataFrame
) -> tuple[list[CandidateGenerator], dict[str, str]]:
    """Fit each generator on ``history``, setting aside those that decline.

    Returns:
        The fitted generators, in order, and ``{name: reason}`` for the skipped ones (to be
        recorded with the run).
    """
    fitted: list[CandidateGenerator] = []
    skipped: dict[str, str] = {}
    for gen in generators:
        try:
            fitted.append(gen.fit(history))
        except GeneratorSkippedError as exc:
            skipped[exc.generator] = exc.reason
    return fitted, skipped


def union_candidates(
    generators: Sequence[CandidateGenerator],
    user_ids: Iterable[object],
    n_per_generator: int | Mapping[str, int] = 100,
    *,
    exclude_seen: bool = True,
    only_seen: bool = False,
    source_names: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Merge fitted generators' top lists into one frame, one row per (user, item).

    Columns: ``user_id, item_id, sources`` and, for each generator ``g`` in order,
    ``g_score`` and ``g_rank`` (float64, NaN where ``g`` did not propose the item).
    ``sources`` is an int64 bitmask: bit i is set when the generator named
    ``source_names[i]`` proposed the pair (decode with :func:`decode_sources`). Rows are
    sorted by user, best rank of any generator, then item.

    Args:
        generators: fitted generators with distinct names.
        user_ids: users to propose for.
        n_per_generator: list length asked of every generator, or per generator name.
        exclude_seen: passed to each generator's ``recommend``.
        only_seen: ask each generator for seen items only (repeat task); passed on only
            when True, so generators that lack the option still work for discovery.
        source_names: the names that fix the bit positions, a superset of the generators'
            names (default: the generators' names in order). Pass the full configured list
            so that bits stay stable across runs when a generator was skipped.

    Raises:
        ValueError: no generator, duplicate names, more than 62 sources, or a generator
            missing from ``source_names``.
    """
    names = [g.name for g in generators]
    bits = list(source_names) if source_names is not None else names
    if not names or len(set(names)) != len(names) or len(set(bits)) != len(bits):
        raise ValueError(f"need generators with distinct names, got {names}")
    if len(bits) > 62:
        raise ValueError("at most 62 sources fit in the int64 bitmask")
    if not set(names) <= set(bits):
        raise ValueError(f"source_names {bits} lack some of the generators {names}")
    users = list(user_ids)
    frames = []
    for gen in generators:
        n = n_per_generator[gen.name] if isinstance(n_per_generator, Mapping) else n_per_generator
        if only_seen:
            reco = gen.recommend(users, n, exclude_seen=False, only_seen=True)  # type: ignore[call-arg]
        else:
            reco = gen.recommend(users, n, exclude_seen=exclude_seen)
        frames.append(
            reco[[*_KEYS, Columns.score, Columns.rank]].rename(
                columns={
                    Columns.score: f"{gen.name}_{Columns.score}",
                    Columns.rank: f"{gen.name}_{Columns.rank}",
                }
            )
        )
        log.debug("%s proposed %d pairs", gen.name, len(reco))
    merged = reduce(lambda a, b: a.merge(b, on=_KEYS, how="outer", sort=False), frames)
    rank_cols = [f"{n}_{Columns.rank}" for n in names]
    merged[rank_cols] = merged[rank_cols].astype(np.float64)
    present = merged[rank_cols].notna().to_numpy()
    weights = np.array([1 << bits.index(n) for n in names], dtype=np.int64)
    merged[SOURCES] = (present * weights).sum(axis=1)
    merged["_best"] = merged[rank_cols].min(axis=1)
    merged = merged.sort_values([Columns.user_id, "_best", Columns.item_id], kind="stable")
    score_cols = [f"{n}_{Columns.score}" for n in names]
    columns = [
        *_KEYS,
        SOURCES,
        *(c for pair in zip(score_cols, rank_cols, strict=True) for c in pair),
    ]
    return merged[columns].reset_index(drop=True)


def decode_sources(mask: int, names: Sequence[str]) -> list[str]:
    """Names of the generators whose bit is set in ``mask`` (``names`` in union order)."""
    return [name for bit, name in enumerate(names) if int(mask) >> bit & 1]
