"""What a selection on the map shows: ids from the chosen points' customdata (not their
indices), the selected artists' figures, the audit figures by hand, listener groups with
small groups folded, and a listener's overlay."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pytest

from recsys.errors import DataError, NotFittedError
from recsys.maps import (
    listener_groups,
    map_points,
    resolve_run,
    selected_ids,
    selection_figures,
    selection_table,
    user_overlay,
)

POINTS = pd.DataFrame(
    {
        "artist_id": [1, 2, 3, 4],
        "name": ["A", "B", "C", "D"],
        "cluster": ["x", "x", "y", "y"],
        "top_tags": ["t"] * 4,
        "listeners": [50, 10, 30, 10],
        "plays": [500.0, 50.0, 300.0, 100.0],
        "listen_share": [0.5, 0.05, 0.3, 0.15],
        "rec_slots": [60, 0, 30, 10],
        "rec_share": [0.6, 0.0, 0.3, 0.1],
        "exposure_gap": [0.1, -0.05, 0.0, -0.05],
        "growth": [1.0, 2.0, 1.0, 0.5],
    }
)


def test_ids_come_from_customdata_not_point_indices() -> None:
    event = {
        "selection": {
            "points": [
                {"point_index": 0, "customdata": [3, "C"]},
                {"point_index": 0, "customdata": [1, "A"]},  # same index, another trace
                {"point_index": 5, "customdata": [3, "C"]},  # the same artist twice
                {"point_index": 2},  # a label, no artist
                {"point_index": 1, "customdata": 4},
            ],
            "point_indices": [0, 0, 5, 2, 1],
        }
    }
    assert selected_ids(event) == [3, 1, 4]
    assert selected_ids(None) == [] and selected_ids({"selection": {"points": []}}) == []


def test_the_table_lists_the_selected_artists_most_listened_first() -> None:
    table = selection_table(POINTS, [4, 1, 3])
    assert table["artist_id"].tolist() == [1, 3, 4]
    assert table.columns[:3].tolist() == ["artist_id", "name", "cluster"]


def test_audit_figures_by_hand() -> None:
    figures = selection_figures(POINTS, [2, 4], n_listeners=100)
    assert figures.artists == 2
    assert figures.listen_share == pytest.approx(0.20)
    assert figures.exposure_share == pytest.approx(0.10)
    assert figures.exposure_gap == pytest.approx(-0.10)
    # only artist 4 was recommended (10 slots), and 10 % of listeners played it
    assert figures.arp == pytest.approx(0.10)
    # every slot: (60 * .5 + 30 * .3 + 10 * .1) / 100
    assert figures.arp_all == pytest.approx(0.40)
    assert np.isnan(selection_figures(POINTS, [2], n_listeners=100).arp)


@pytest.mark.slow
def test_listener_groups_fold_small_groups(mapped_con: duckdb.DuckDBPyConnection) -> None:
    points = map_points(mapped_con)
    ids = points.nlargest(40, "listeners")["artist_id"].tolist()
    groups = listener_groups(mapped_con, ids, min_size=20)
    assert set(groups["attribute"]) == {"age_group", "country"}
    assert (groups["listeners"] >= 20).all()
    for _, rows in groups.groupby("attribute"):
        assert rows["share"].sum() <= 1.0 + 1e-9
    # with a threshold of one nothing is folded: the shares are complete
    every = listener_groups(mapped_con, ids, min_size=1)
    assert not every["group"].str.startswith("other").any()
    for _, rows in every.groupby("attribute"):
        assert rows["share"].sum() == pytest.approx(1.0)
    assert listener_groups(mapped_con, []).empty


@pytest.mark.slow
def test_a_listeners_overlay(mapped_con: duckdb.DuckDBPyConnection) -> None:
    points = map_points(mapped_con)
    history, recs = user_overlay(mapped_con, points, 1, top=5)
    assert 0 < len(history) <= 5
    assert history["plays"].is_monotonic_decreasing
    assert set(history["artist_id"]) <= set(points["artist_id"])
    assert len(recs) > 0 and recs["best_rank"].is_monotonic_increasing
    with pytest.raises(DataError, match="no listener 999999"):
        user_overlay(mapped_con, points, 999_999)


@pytest.mark.slow
def test_runs_resolve_or_say_why_not(
    mapped: tuple[object, str], mapped_con: duckdb.DuckDBPyConnection
) -> None:
    assert resolve_run(mapped_con) == mapped[1]
    with pytest.raises(NotFittedError, match="no run 'nope'"):
        resolve_run(mapped_con, "nope")
