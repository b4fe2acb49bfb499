"""Communities of listeners the trend detector compares: everyone, each country and, where the
source has a friend graph, the friend-graph communities found by Louvain (networkx, seeded).

Membership is long: ``user_id, kind, community_id`` with ``kind`` one of :data:`KINDS`; a
listener belongs to at most one community of each kind. Communities smaller than the
suppression threshold are dropped before anything is computed on them.
"""

from __future__ import annotations

from typing import Final, Literal

import numpy as np
import pandas as pd

__all__ = ["EVERYONE", "KINDS", "Kind", "communities", "friend_communities"]

Kind = Literal["all", "country", "friends"]
KINDS: Final[tuple[Kind, ...]] = ("all", "country", "friends")
"""Kinds of community, in the order they are reported."""
EVERYONE: Final = "everyone"
"""The id of the one community of kind ``all``."""


def friend_communities(edges: pd.DataFrame, *, seed: int, resolution: float = 1.0) -> pd.DataFrame:
    """Louvain communities of the friend graph: ``user_id, community_id`` (``"f1"``, ``"f2"``,
    ... by decreasing size, ties by smallest member).

    Source: Blondel et al., "Fast unfolding of communities in large networks", J. Stat. Mech.
    (2008), as implemented by ``networkx.community.louvain_communities`` with a fixed seed.

    Args:
        edges: ``a, b`` (one row per friendship).
        seed: seed of Louvain's node order.
        resolution: above 1 favours smaller communities.
    """
    if edges.empty:
        return pd.DataFrame({"user_id": pd.Series([], dtype="int64"), "community_id": []})
    import networkx as nx

    graph = nx.Graph()
    graph.add_edges_from(zip(edges["a"].tolist(), edges["b"].tolist(), strict=True))
    found = nx.community.louvain_communities(graph, seed=seed, resolution=resolution)
    groups = sorted((sorted(int(u) for u in c) for c in found), key=lambda c: (-len(c), c[0]))
    rows = [(u, f"f{i + 1}") for i, members in enumerate(groups) for u in members]
    return pd.DataFrame(rows, columns=["user_id", "community_id"])


def communities(
    countries: pd.DataFrame,
    friends: pd.DataFrame | None,
    *,
    min_size: int,
    seed: int,
    resolution: float = 1.0,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Every listener's communities and a description of each community.

    Args:
        countries: ``user_id, country`` (country NULL when unknown: no country community).
        friends: the friend graph's ``a, b`` pairs, or None without one.
        min_size: communities with fewer members are left out (suppressed).
        seed: Louvain's seed.
        resolution: Louvain's resolution.

    Returns:
        ``members`` (``user_id, kind, community_id``) and ``described`` (``kind,
        community_id, label, members``), the latter in :data:`KINDS` order, largest first.
    """
    users = countries["user_id"].to_numpy(np.int64)
    parts = [pd.DataFrame({"user_id": users, "kind": "all", "community_id": EVERYONE})]
    known = countries.dropna(subset=["country"])
    parts.append(
        pd.DataFrame(
            {
                "user_id": known["user_id"].to_numpy(np.int64),
                "kind": "country",
                "community_id": known["country"].astype(str).to_numpy(),
            }
        )
    )
    if friends is not None and not friends.empty:
        found = friend_communities(friends, seed=seed, resolution=resolution)
        parts.append(found.assign(kind="friends")[["user_id", "kind", "community_id"]])
    members = pd.concat(parts, ignore_index=True)
    sizes = members.groupby(["kind", "community_id"]).size().rename("members")
    kept = sizes[sizes >= min_size]
    members = members.merge(kept.reset_index()[["kind", "community_id"]])
    described = kept.reset_index()
    described["label"] = _labels(described, members, countries)
    described["order"] = described["kind"].map({k: i for i, k in enumerate(KINDS)})
    described = described.sort_values(
        ["order", "members", "community_id"], ascending=[True, False, True]
    )
    cols = ["kind", "community_id", "label", "members"]
    return members.reset_index(drop=True), described[cols].reset_index(drop=True)


def _labels(described: pd.DataFrame, members: pd.DataFrame, countries: pd.DataFrame) -> list[str]:
    """Readable names: "everyone", the country code, or a friend community with the country
    that most of its members share (when more than half do; unknown countries count)."""
    friends = members[members["kind"] == "friends"]
    country = countries.set_index("user_id")["country"]
    mostly: dict[str, str] = {}
    if not friends.empty:
        known = friends.assign(country=country.reindex(friends["user_id"]).to_numpy())
        for cid, rows in known.groupby("community_id", sort=True):
            share = rows["country"].value_counts(normalize=True, dropna=False)
            share = share.sort_index(kind="stable").sort_values(ascending=False, kind="stable")
            top = share.index[0] if len(share) else None
            if top is not None and not pd.isna(top) and share.iloc[0] > 0.5:
                mostly[str(cid)] = f" (mostly {top}, {share.iloc[0]:.0%})"
    out = []
    for kind, cid in zip(described["kind"], described["community_id"], strict=True):
        if kind == "all":
            out.append("everyone")
        elif kind == "country":
            out.append(str(cid))
        else:
            out.append(f"friends {cid}{mostly.get(str(cid), '')}")
    return out
