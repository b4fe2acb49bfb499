"""Reading a stored map back: one month's plays, the month list, one cluster's tests and their
count come from the database as they are stored, without loading every artist's every month
or every cluster's every test."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from recsys.maps import (
    cluster_tests,
    map_cluster_tests,
    map_clusters,
    map_month_list,
    map_month_plays,
    map_months,
    map_test_count,
    map_tests,
    month_choices,
)


def test_the_month_list_is_the_months_of_the_stored_listening(
    mapped_con: duckdb.DuckDBPyConnection,
) -> None:
    months = map_month_list(mapped_con)
    assert months == month_choices(map_months(mapped_con))
    assert months and all(m.endswith("-01") for m in months)
    assert months == sorted(months)


def test_one_months_plays_are_that_months_stored_rows(
    mapped_con: duckdb.DuckDBPyConnection,
) -> None:
    stored = map_months(mapped_con)
    for month in map_month_list(mapped_con):
        plays = map_month_plays(mapped_con, month)
        rows = stored[stored["month"] == pd.Timestamp(month)]
        want = rows.sort_values("artist_id").set_index("artist_id")["plays"]
        pd.testing.assert_series_equal(plays, want, check_index_type=False)
        assert plays.sum() > 0
    # any day of the month names the month
    last = map_month_list(mapped_con)[-1]
    pd.testing.assert_series_equal(
        map_month_plays(mapped_con, last.replace("-01", "-17")), map_month_plays(mapped_con, last)
    )


def test_a_month_without_listening_has_no_plays(mapped_con: duckdb.DuckDBPyConnection) -> None:
    assert map_month_plays(mapped_con, "1999-01-01").empty


def test_an_unknown_run_is_refused(mapped_con: duckdb.DuckDBPyConnection) -> None:
    from recsys.errors import NotFittedError

    with pytest.raises(NotFittedError, match="no run"):
        map_month_list(mapped_con, "no-such-run")


def test_one_clusters_tests_and_the_count_equal_those_cut_from_every_test(
    mapped_con: duckdb.DuckDBPyConnection,
) -> None:
    every = map_tests(mapped_con)
    assert map_test_count(mapped_con) == len(every) > 0
    clusters = map_clusters(mapped_con)["cluster_id"].tolist()
    for cluster_id in clusters:
        pd.testing.assert_frame_equal(
            map_cluster_tests(mapped_con, cluster_id), cluster_tests(every, cluster_id)
        )
    assert sum(len(map_cluster_tests(mapped_con, c)) for c in clusters) == len(every)
    assert map_cluster_tests(mapped_con, 10**6).empty
