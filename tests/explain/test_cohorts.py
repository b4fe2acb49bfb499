"""Picking a listener by cohort: the cohorts and their members are counted and filtered in the
database, and give what the same functions give over every listener loaded into pandas."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from recsys.explain import (
    COHORT_LABELS,
    cohort_listeners,
    cohort_members,
    cohort_values,
    most_active_listener,
    read_cohort_members,
    read_cohort_values,
    resolve_run,
)


def test_cohorts_and_members_equal_those_of_every_listener(
    explained_con: duckdb.DuckDBPyConnection,
) -> None:
    info = resolve_run(explained_con)
    everyone = cohort_listeners(explained_con, info)
    for dimension in COHORT_LABELS:
        values = read_cohort_values(explained_con, info, dimension)
        assert values == cohort_values(everyone, dimension)
        for value in values:
            pd.testing.assert_frame_equal(
                _plain(read_cohort_members(explained_con, info, dimension, value)),
                _plain(cohort_members(everyone, dimension, value)),
            )
        total = sum(len(read_cohort_members(explained_con, info, dimension, v)) for v in values)
        assert total == len(everyone)
    assert "unknown" in read_cohort_values(explained_con, info, "age_group")  # tiny has NULLs
    assert read_cohort_members(explained_con, info, "country", "no such country").empty


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Values as Python objects, missing as None: a column that is NULL in every row of a
    cohort reads as object (None), the same rows cut from every listener as str (NaN)."""
    return frame.astype(object).where(frame.notna(), None)


def test_the_most_active_listener_opens_the_page(explained_con: duckdb.DuckDBPyConnection) -> None:
    info = resolve_run(explained_con)
    everyone = cohort_listeners(explained_con, info)
    assert most_active_listener(explained_con, info) == int(everyone["user_id"].iloc[0])
    assert everyone["plays"].iloc[0] == everyone["plays"].max()


def test_an_unknown_dimension_is_refused(explained_con: duckdb.DuckDBPyConnection) -> None:
    info = resolve_run(explained_con)
    with pytest.raises(KeyError, match="cohort dimension"):
        read_cohort_values(explained_con, info, "user_id")
    with pytest.raises(KeyError, match="cohort dimension"):
        read_cohort_members(explained_con, info, "plays", "1")
