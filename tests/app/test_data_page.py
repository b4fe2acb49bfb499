"""Explore › Data in AppTest: the table browser pages and filters; the SQL console runs, refuses
and truncates."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from recsys import warehouse
from recsys.schema import CANONICAL_TABLES
from recsys.views import browse

APP = Path(__file__).resolve().parents[2] / "app.py"


@pytest.fixture(scope="module")
def tiny(tiny_warehouse: Path):
    con = warehouse.open_readonly(tiny_warehouse)
    yield con
    con.close()


@pytest.fixture
def at(writable_warehouse: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    monkeypatch.setenv("SOUNDCHECK_WAREHOUSE", str(writable_warehouse))
    at = AppTest.from_file(str(APP), default_timeout=60).run()
    return _ok(at.switch_page("app_pages/data.py").run())


def _ok(at: AppTest) -> AppTest:
    assert not at.exception, at.exception
    return at


def _errors(at: AppTest) -> list[str]:
    """Error texts as a reader sees them (the page escapes Markdown in error messages)."""
    return [re.sub(r"\\(.)", r"\1", e.value) for e in at.error]


def _captions(at: AppTest) -> list[str]:
    return [c.value for c in at.caption]


def _count(tiny, query: str) -> int:
    row = tiny.execute(query).fetchone()
    assert row is not None
    return int(row[0])


def test_browser_shows_the_first_page_and_the_total(at: AppTest, tiny) -> None:
    users = _count(tiny, "SELECT count(*) FROM users")
    assert at.selectbox(key="browse-table").value == "users"
    assert len(at.dataframe[0].value) == 50
    assert f"Rows 1–50 of {users:,} · page 1 of {-(-users // 50)}" in _captions(at)


def test_browser_switches_table_and_page(at: AppTest, tiny) -> None:
    at = _ok(at.selectbox(key="browse-table").select("listens").run())
    listens = _count(tiny, "SELECT count(*) FROM listens")
    shown = list(at.dataframe[0].value.columns)
    assert [c for c in shown if c not in ("track", "artist")] == list(browse.columns_of("listens"))
    at = _ok(at.selectbox(key="browse-listens-size").select(100).run())
    at = _ok(at.get("pagination")[0].set_value(3).run())
    assert f"Rows 201–300 of {listens:,} · page 3 of {-(-listens // 100)}" in _captions(at)
    expected = browse.browse(tiny, "listens", limit=100, offset=200).frame
    assert at.dataframe[0].value["user_id"].tolist() == expected["user_id"].tolist()


def test_browser_filters_a_column_back_to_page_one(at: AppTest, tiny) -> None:
    at = _ok(at.get("pagination")[0].set_value(3).run())
    at = _ok(at.selectbox(key="browse-column-users").select("country").run())
    at = _ok(at.selectbox(key="browse-op").select("equals").run())
    at = _ok(at.text_input[0].input("BR").run())
    brazil = _count(tiny, "SELECT count(*) FROM users WHERE country = 'BR'")
    assert brazil > 0
    assert set(at.dataframe[0].value["country"]) == {"BR"}
    assert f"Rows 1–{brazil:,} of {brazil:,} · page 1 of 1" in _captions(at)


def test_browser_shows_a_bad_filter_value_as_text(at: AppTest) -> None:
    at = _ok(at.selectbox(key="browse-column-users").select("user_id").run())
    at = _ok(at.text_input[0].input("*not* a [number](x)").run())
    (error,) = at.error
    assert "\\*not\\* a \\[number\\]\\(x\\)" in error.value  # escaped, not Markdown
    assert "user_id is a whole number" in _errors(at)[0]


def test_console_runs_a_query(at: AppTest, tiny) -> None:
    at.text_area[0].input("SELECT count(*) AS n FROM users")
    at = _ok(at.button[0].click().run())
    result = at.dataframe[-1].value
    assert result["n"].tolist() == [_count(tiny, "SELECT count(*) FROM users")]
    assert any(c.startswith("1 row in ") for c in _captions(at))
    assert not at.warning


def test_console_refuses_a_write_and_shows_why(at: AppTest) -> None:
    at.text_area[0].input("DROP TABLE users")
    at = _ok(at.button[0].click().run())
    (error,) = _errors(at)
    assert "refused" in error and "DROP" in error


def test_console_notes_a_truncated_result(at: AppTest, tiny) -> None:
    listens = _count(tiny, "SELECT count(*) FROM listens")
    assert listens > 10_000
    at.text_area[0].input("SELECT * FROM listens")
    at = _ok(at.button[0].click().run())
    assert len(at.dataframe[-1].value) == 10_000
    assert "first 10,000 rows" in at.warning[0].value


# --- what a product manager expects of the browser --------------------------------------------


def test_changing_the_filter_column_clears_the_value_and_keeps_the_page_size(at: AppTest) -> None:
    at = _ok(at.selectbox(key="browse-table").select("artists").run())
    at = _ok(at.selectbox(key="browse-artists-size").select(100).run())
    at = _ok(at.selectbox(key="browse-column-artists").select("gender").run())
    at = _ok(at.selectbox(key="browse-op").select("equals").run())
    at = _ok(at.text_input[0].input("female").run())
    assert set(at.dataframe[0].value["gender"]) == {"female"}

    at = _ok(at.selectbox(key="browse-column-artists").select("debut_year").run())
    assert _errors(at) == []
    assert at.text_input[0].value == ""
    assert at.selectbox(key="browse-artists-size").value == 100
    assert len(at.dataframe[0].value) == 100


def test_a_value_that_does_not_fit_its_column_is_a_plain_sentence(at: AppTest) -> None:
    at = _ok(at.selectbox(key="browse-table").select("artists").run())
    at = _ok(at.selectbox(key="browse-artists-size").select(100).run())
    at = _ok(at.selectbox(key="browse-column-artists").select("debut_year").run())
    at = _ok(at.text_input[0].input("female").run())
    (error,) = _errors(at)
    assert "debut_year is a whole number" in error
    assert "Conversion" not in error and "^" not in error and "SELECT" not in error
    assert at.selectbox(key="browse-artists-size").value == 100  # the table stays, unfiltered
    assert len(at.dataframe[0].value) == 100
    assert any("not applied" in c for c in _captions(at))


def test_equals_on_text_ignores_case_and_says_so(at: AppTest, tiny) -> None:
    at = _ok(at.selectbox(key="browse-column-users").select("country").run())
    at = _ok(at.selectbox(key="browse-op").select("equals").run())
    assert "ignor" in (at.selectbox(key="browse-op").help or "").lower()
    at = _ok(at.text_input[0].input("br").run())
    brazil = _count(tiny, "SELECT count(*) FROM users WHERE country = 'BR'")
    assert set(at.dataframe[0].value["country"]) == {"BR"}
    assert f"Rows 1–{brazil:,} of {brazil:,} · page 1 of 1" in _captions(at)


def _column_help(at: AppTest) -> dict[str, str]:
    config = json.loads(at.dataframe[0].proto.columns or "{}")
    return {name: c.get("help", "") for name, c in config.items()}


@pytest.mark.parametrize("table", list(CANONICAL_TABLES))
def test_every_table_and_column_is_described(at: AppTest, table: str) -> None:
    at = _ok(at.selectbox(key="browse-table").select(table).run())
    assert any(c.startswith(f"{table}: ") and len(c) > len(table) + 20 for c in _captions(at))
    helps = _column_help(at)
    for column in CANONICAL_TABLES[table]:
        assert len(helps.get(column, "")) > 10, f"{table}.{column} has no description"


def test_listens_show_track_and_artist_names_beside_the_ids(at: AppTest, tiny) -> None:
    at = _ok(at.selectbox(key="browse-table").select("listens").run())
    shown = at.dataframe[0].value
    assert {"track", "artist"} <= set(shown.columns)
    names = dict(
        tiny.execute(
            "SELECT t.track_id, t.title || ' | ' || a.name FROM tracks t "
            "JOIN artists a USING (artist_id)"
        ).fetchall()
    )
    for track_id, track, artist in shown[["track_id", "track", "artist"]].itertuples(index=False):
        assert f"{track} | {artist}" == names[track_id]


def test_an_empty_table_says_why(at: AppTest) -> None:
    at = _ok(at.selectbox(key="browse-table").select("play_counts").run())
    assert any(
        c.startswith("No play counts: this dataset has timestamped listens") for c in _captions(at)
    )
    assert not any(c.startswith("Rows 0–0") for c in _captions(at))


# --- the SQL console ---------------------------------------------------------------------------


def test_console_keeps_the_query_across_page_switches(at: AppTest) -> None:
    query = "SELECT count(*) AS n FROM artists"
    at.text_area[0].input(query)
    at = _ok(at.button[0].click().run())
    at = _ok(at.switch_page("app_pages/overview.py").run())
    at = _ok(at.switch_page("app_pages/data.py").run())
    assert at.text_area[0].value == query
    assert at.dataframe[-1].value["n"].tolist() == [300]


def test_console_lists_the_tables_and_their_columns(at: AppTest) -> None:
    tables = next(b for b in at.selectbox if b.key == "console-catalog-table")
    names = [option.split(" · ")[0] for option in tables.options]
    for table in ("listens", "users", "artists", "ground_truth_exposure"):
        assert table in names, tables.options
    listens = f"listens · {len(CANONICAL_TABLES['listens'])} columns"
    assert listens in tables.options
    at = _ok(tables.select(listens).run())
    columns = at.dataframe[-1].value
    assert columns["column"].tolist() == list(CANONICAL_TABLES["listens"])
    assert (
        columns.loc[columns["column"] == "ts", "description"].item()
        == "When the play started, in UTC."
    )


def test_console_says_where_a_syntax_error_is(at: AppTest) -> None:
    at.text_area[0].input("SELECT * FORM users")
    at = _ok(at.button[0].click().run())
    (error,) = _errors(at)
    assert error == "Syntax error near 'FORM' at line 1, column 10: did you mean FROM?"
