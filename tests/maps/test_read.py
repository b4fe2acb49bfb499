"""Reading a stored map back: one month's plays and the month list come from the database as
they are stored, without loading every artist's every month."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from recsys.maps import map_month_list, map_month_plays, map_months, month_choices


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
