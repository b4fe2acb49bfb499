"""Small interaction frames with known structure for the model tests."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

T0 = pd.Timestamp("2026-01-01")


def make_events(
    rng: np.random.Generator, n_users: int = 40, n_items: int = 120, n_events: int = 3_000
) -> pd.DataFrame:
    """Random events over 150 days with Zipf-like item popularity."""
    p = 1.0 / np.arange(1, n_items + 1)
    p /= p.sum()
    seconds = rng.integers(0, 150 * 86_400, n_events)
    return pd.DataFrame(
        {
            "user_id": rng.integers(0, n_users, n_events),
            "item_id": rng.choice(n_items, n_events, p=p),
            "ts": T0 + pd.to_timedelta(seconds, unit="s"),
        }
    )


def make_checkerboard(n_per_block: int = 10, miss: int = 2) -> pd.DataFrame:
    """Two disjoint blocks: users 0..n-1 play items 0..n-1, users n..2n-1 items n..2n-1.

    Each user misses ``miss`` items of their own block (a rotating window), so a sensible
    model recommends exactly those, and never an item of the other block.
    """
    rows = []
    for block in range(2):
        for u in range(n_per_block):
            skip = {(u + j) % n_per_block for j in range(miss)}
            for i in range(n_per_block):
                if i not in skip:
                    rows.append((block * n_per_block + u, block * n_per_block + i))
    df = pd.DataFrame(rows, columns=["user_id", "item_id"])
    df["ts"] = T0 + pd.to_timedelta(np.arange(len(df)), unit="min")
    return df


@pytest.fixture
def events(rng: np.random.Generator) -> pd.DataFrame:
    """About 3,000 random events of 40 users on 120 items."""
    return make_events(rng)


@pytest.fixture
def checkerboard() -> pd.DataFrame:
    """The two-block checkerboard history (20 users, 20 items)."""
    return make_checkerboard()
