"""Browsing canonical tables: filters, paging, and names that are not on the allow-list."""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
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


def test_equals_reads_text_as_the_column_type_and_ignores_case_on_text(con) -> None:
    page = browse.browse(con, "users", filters=[Filter.equals("user_id", " 5 ")])
    assert (_ids(page), page.total) == ([5], 1)
    page = browse.browse(con, "users", filters=[Filter.equals("country", "de")])
    assert _ids(page) == [1, 2, 6]  # 'DE' and 'de' alike
    assert _ids(browse.browse(con, "users", filters=[Filter.equals("country", "D")])) == []


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
    with pytest.raises(QueryError, match="user_id is a whole number, and 'abc' is not one"):
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


# --- values read as their column's type, names beside ids, descriptions ----------------------

_CATALOGUE = """
INSERT INTO users VALUES (1, 'p1', 'DE', NULL, NULL, NULL);
INSERT INTO artists VALUES (10, 'Alpha', NULL, 'female', 1990), (20, 'Beta', NULL, NULL, NULL);
INSERT INTO tracks VALUES (100, 10, 'First Song', NULL, DATE '2020-05-01', 180000),
    (200, 20, 'Second Song', NULL, NULL, NULL);
INSERT INTO genres VALUES (1, 'rock', NULL), (2, 'indie rock', 1);
INSERT INTO artist_genres VALUES (10, 2, 1.5);
INSERT INTO listens (user_id, track_id, ts, ms_played, skipped, source) VALUES
    (1, 200, TIMESTAMP '2025-01-06 08:00', 1000, true, 'test'),
    (1, 100, TIMESTAMP '2025-01-06 23:59', 180000, false, 'test'),
    (1, 100, TIMESTAMP '2025-01-07 00:00', 180000, NULL, 'test');
"""


@pytest.fixture
def catalogue(tmp_path: Path):
    path = tmp_path / "catalogue.duckdb"
    with warehouse.building(path, fresh=True) as build:
        build.execute(_CATALOGUE)
    con = warehouse.open_readonly(path)
    yield con
    con.close()


@pytest.mark.parametrize(
    ("table", "column", "value", "message"),
    [
        ("artists", "debut_year", "female", "debut_year is a whole number, and 'female' is not"),
        ("artists", "debut_year", "99999999999", "debut_year holds whole numbers up to"),
        ("artist_genres", "weight", "heavy", "weight is a number, and 'heavy' is not one"),
        ("listens", "skipped", "maybe", "skipped is true or false, and 'maybe' is neither"),
        ("listens", "ts", "last monday", "ts is a date and time (UTC) such as 2025-11-01"),
        ("tracks", "release_date", "2020-13-01", "release_date is a date such as 2025-11-01"),
    ],
)
def test_values_that_do_not_fit_are_refused_in_a_sentence(
    catalogue, table: str, column: str, value: str, message: str
) -> None:
    with pytest.raises(QueryError, match=re.escape(message)) as info:
        browse.browse(catalogue, table, filters=[Filter.equals(column, value)])
    assert "\n" not in str(info.value) and "Conversion" not in str(info.value)


def test_typed_values_match(catalogue) -> None:
    def total(table: str, f: Filter) -> int:
        return browse.browse(catalogue, table, filters=[f]).total

    assert total("artists", Filter.equals("debut_year", "1,990")) == 1
    assert total("artist_genres", Filter.equals("weight", "1.5")) == 1
    assert total("listens", Filter.equals("skipped", "yes")) == 1
    assert total("listens", Filter.equals("ts", "2025-01-06")) == 2  # the whole day
    assert total("listens", Filter.between("ts", "2025-01-06 12:00", None)) == 2
    assert total("listens", Filter.between("ts", None, "2025-01-06")) == 2  # up to its end
    assert total("tracks", Filter.between("release_date", "2020-01-01", "2020-12-31")) == 1


def test_pages_carry_names_beside_their_ids(catalogue) -> None:
    listens = browse.browse(catalogue, "listens", names=True).frame
    assert list(listens.columns[:4]) == ["user_id", "track_id", "track", "artist"]
    assert listens[["track", "artist"]].values.tolist() == [
        ["Second Song", "Beta"],
        ["First Song", "Alpha"],
        ["First Song", "Alpha"],
    ]
    genres = browse.browse(catalogue, "artist_genres", names=True).frame
    assert list(genres.columns) == ["artist_id", "artist", "genre_id", "genre", "weight"]
    assert genres.iloc[0][["artist", "genre"]].tolist() == ["Alpha", "indie rock"]
    parents = browse.browse(catalogue, "genres", names=True).frame
    assert parents["parent_genre"].tolist()[1] == "rock" and pd.isna(parents["parent_genre"][0])


def test_recommendations_are_named_by_their_runs_grain(tmp_path: Path) -> None:
    from recsys import sql

    path = tmp_path / "runs.duckdb"
    with warehouse.building(path, fresh=True) as build:
        build.execute(_CATALOGUE)
        build.execute(sql.load("model/outputs"))
        for run, grain in (("r-track", "track"), ("r-artist", "artist")):
            build.execute(
                "INSERT INTO runs VALUES ($run, now(), 'discovery', $grain, 'temporal', 'v', "
                "'{}', '{}', '{}', '{}', '{}', 'm.txt')",
                {"run": run, "grain": grain},
            )
        build.execute(
            "INSERT INTO recommendations VALUES ('r-track', 1, 100, 1, 0.9, ['ease']), "
            "('r-artist', 1, 20, 1, 0.8, ['als']), ('r-track', 1, 200, 2, 0.5, ['als'])"
        )
    con = warehouse.open_readonly(path)
    try:
        assert "recommendations" in browse.tables(con)
        frame = browse.browse(con, "recommendations", names=True).frame
    finally:
        con.close()
    assert frame["item_id"].tolist() == [100, 20, 200]  # stored order kept
    assert frame["track"].tolist()[0::2] == ["First Song", "Second Song"]
    assert pd.isna(frame["track"][1])
    assert frame["artist"].tolist() == ["Alpha", "Beta", "Beta"]


def test_every_browsable_table_and_column_is_described() -> None:
    for table, columns in browse.BROWSE_TABLES.items():
        assert len(browse.describe(table)) > 20
        described = browse.column_help(table)
        for column in columns:
            assert len(described[column]) > 10, f"{table}.{column}"


def test_an_empty_table_says_why(catalogue, tmp_path: Path) -> None:
    assert browse.why_empty(catalogue, "play_counts", filtered=False).startswith(
        "No play counts: this dataset has timestamped listens"
    )
    assert browse.why_empty(catalogue, "users", filtered=True) == "No rows match the filter."
    assert "social graph" in browse.why_empty(catalogue, "friends", filtered=False)
    assert "Runs page" in browse.why_empty(catalogue, "recommendations", filtered=False)
    assert browse.tables(catalogue) == list(CANONICAL_TABLES)  # no build, no recommendations
