"""Browsing canonical tables: filters, paging, and names that are not on the allow-list."""

from __future__ import annotations

from pathlib import Path

import pytest

from recsys import warehouse
from recsys.errors import QueryError
from recsys.schema import CANONICAL_TABLES
from recsys.views import browse
from recsys.views.browse import Filter

_USERS = """
INSERT INTO users VALUES
    (1, 'p1', 'DE', '18-24', NULL, NULL), (2, 'p2', 'de', '25-34', NULL, NULL),
    (3, 'p3', 'FR', '25-34', NULL, NULL), (4, 'p4', NULL, '35-44', NULL, NULL),
    (5, 'p5', 'BR', NULL, NULL, NULL), (6, 'p6', 'DE', '18-24', NULL, NULL),
    (7, 'p7', 'GB', '45-54', NULL, NULL);
"""


@pytest.fixture
def con(tmp_path: Path):
    path = tmp_path / "browse.duckdb"
    with warehouse.building(path, fresh=True) as build:
        build.execute(_USERS)
    con = warehouse.open_readonly(path)
    yield con
    con.close()


def _ids(page: browse.BrowsePage) -> list[int]:
    return page.frame["user_id"].tolist()


def test_pages_through_a_table_in_stored_order(con) -> None:
    first = browse.browse(con, "users", limit=3)
    assert (_ids(first), first.total, first.limit, first.offset) == ([1, 2, 3], 7, 3, 0)
    assert list(first.frame.columns) == list(CANONICAL_TABLES["users"])
    assert _ids(browse.browse(con, "users", limit=3, offset=3)) == [4, 5, 6]
    last = browse.browse(con, "users", limit=3, offset=6)
    assert (_ids(last), last.total) == ([7], 7)
    assert _ids(browse.browse(con, "users", limit=3, offset=9)) == []


def test_sorts_by_an_allowed_column(con) -> None:
    page = browse.browse(con, "users", limit=2, order_by="user_id", descending=True)
    assert _ids(page) == [7, 6]


def test_equals_casts_text_to_the_column_type(con) -> None:
    page = browse.browse(con, "users", filters=[Filter.equals("user_id", "5")])
    assert (_ids(page), page.total) == ([5], 1)
    page = browse.browse(con, "users", filters=[Filter.equals("country", "DE")])
    assert _ids(page) == [1, 6]  # equals is exact: 'de' does not match


def test_equals_none_matches_null(con) -> None:
    assert _ids(browse.browse(con, "users", filters=[Filter.equals("country", None)])) == [4]


def test_contains_ignores_case(con) -> None:
    page = browse.browse(con, "users", filters=[Filter.contains("country", "dE")])
    assert (_ids(page), page.total) == ([1, 2, 6], 3)
    page = browse.browse(con, "users", filters=[Filter.contains("user_id", "7")])
    assert _ids(page) == [7]  # any column is searched as text


def test_contains_treats_wildcards_as_text(con) -> None:
    assert browse.browse(con, "users", filters=[Filter.contains("country", "%")]).total == 0


def test_range_is_inclusive_and_open_ended(con) -> None:
    page = browse.browse(con, "users", filters=[Filter.between("user_id", "2", "4")])
    assert _ids(page) == [2, 3, 4]
    assert _ids(browse.browse(con, "users", filters=[Filter.between("user_id", low=6)])) == [6, 7]
    assert _ids(browse.browse(con, "users", filters=[Filter.between("user_id", high=1)])) == [1]


def test_filters_combine_and_the_total_counts_all_matching_rows(con) -> None:
    filters = [Filter.contains("country", "de"), Filter.equals("age_group", "18-24")]
    page = browse.browse(con, "users", filters=filters, limit=1)
    assert (_ids(page), page.total) == ([1], 2)


@pytest.mark.parametrize("table", ["user", "meta", 'users" --', "users; DROP TABLE users"])
def test_refuses_a_table_off_the_allow_list_naming_it(con, table: str) -> None:
    with pytest.raises(QueryError, match="unknown table") as info:
        browse.browse(con, table)
    assert repr(table) in str(info.value)


@pytest.mark.parametrize("column", ['user_id" = 1 OR "1', "1=1) OR (1", "pseudonym ", "title", "*"])
def test_refuses_an_injected_column_naming_it(con, column: str) -> None:
    for bad in (Filter.equals(column, "1"), Filter.contains(column, "x")):
        with pytest.raises(QueryError, match="has no column") as info:
            browse.browse(con, "users", filters=[bad])
        assert repr(column) in str(info.value)
    with pytest.raises(QueryError, match="has no column"):
        browse.browse(con, "users", order_by=column)


def test_refuses_an_unknown_operator(con) -> None:
    with pytest.raises(QueryError, match="unknown filter 'like'"):
        browse.browse(con, "users", filters=[Filter("country", "like", value="D%")])  # type: ignore[arg-type]


@pytest.mark.parametrize(("limit", "offset"), [(0, 0), (browse.MAX_PAGE_SIZE + 1, 0), (10, -1)])
def test_refuses_a_page_out_of_range(con, limit: int, offset: int) -> None:
    with pytest.raises(QueryError, match=r"page size|offset"):
        browse.browse(con, "users", limit=limit, offset=offset)


def test_a_value_that_does_not_fit_its_column_is_a_query_error(con) -> None:
    with pytest.raises(QueryError, match="cannot filter users on user_id"):
        browse.browse(con, "users", filters=[Filter.equals("user_id", "abc")])


def test_every_canonical_table_of_the_tiny_preset_browses(tiny_warehouse: Path) -> None:
    con = warehouse.open_readonly(tiny_warehouse)
    try:
        counts = warehouse.row_counts(con, tuple(CANONICAL_TABLES))
        for table, columns in CANONICAL_TABLES.items():
            page = browse.browse(con, table, limit=5)
            assert list(page.frame.columns) == list(columns)
            assert page.total == counts[table]
            assert len(page.frame) == min(5, counts[table])
    finally:
        con.close()
