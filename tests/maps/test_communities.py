"""Communities: everyone, each country, and Louvain communities of the friend graph, seeded,
with groups under the threshold left out."""

from __future__ import annotations

import itertools

import pandas as pd

from recsys.maps import communities, friend_communities


def _cliques(sizes: tuple[int, ...]) -> pd.DataFrame:
    """Disjoint cliques of consecutive user ids, chained by one edge between neighbours."""
    edges, start = [], 1
    for n in sizes:
        members = range(start, start + n)
        edges += list(itertools.combinations(members, 2))
        if start > 1:
            edges.append((start - 1, start))
        start += n
    return pd.DataFrame(edges, columns=["a", "b"])


def test_louvain_finds_the_cliques_biggest_first() -> None:
    found = friend_communities(_cliques((8, 12, 10)), seed=1)
    groups = found.groupby("community_id")["user_id"].apply(sorted).to_dict()
    assert groups == {
        "f1": list(range(9, 21)),
        "f2": list(range(21, 31)),
        "f3": list(range(1, 9)),
    }
    assert friend_communities(_cliques((8, 12, 10)), seed=1).equals(found)


def test_communities_suppress_small_groups_and_name_friend_groups() -> None:
    countries = pd.DataFrame(
        {"user_id": range(1, 31), "country": ["BR"] * 20 + ["SE"] * 5 + [None] * 5}
    )
    members, described = communities(
        countries, _cliques((20, 10)), min_size=10, seed=1, resolution=1.0
    )
    assert described[["kind", "community_id", "members"]].values.tolist() == [
        ["all", "everyone", 30],
        ["country", "BR", 20],  # SE (5 listeners) is left out
        ["friends", "f1", 20],
        ["friends", "f2", 10],
    ]
    labels = described.set_index("community_id")["label"]
    assert labels["f1"] == "friends f1 (mostly BR, 100%)"
    assert labels["f2"] == "friends f2"  # half unknown, a quarter SE: no majority
    assert set(members.loc[members["kind"] == "country", "community_id"]) == {"BR"}
    assert members.groupby("kind")["user_id"].nunique().to_dict() == {
        "all": 30,
        "country": 20,
        "friends": 30,
    }


def test_without_a_friend_graph_there_are_no_friend_communities() -> None:
    countries = pd.DataFrame({"user_id": range(1, 41), "country": ["US"] * 40})
    _, described = communities(countries, None, min_size=20, seed=1)
    assert described["kind"].tolist() == ["all", "country"]
