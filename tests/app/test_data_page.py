"""Explore › Data in AppTest: the table browser pages and filters; the SQL console runs, refuses
and truncates."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from recsys import warehouse
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
    assert list(at.dataframe[0].value.columns) == list(browse.columns_of("listens"))
    at = _ok(at.selectbox(key="browse-listens-size").select(100).run())
    at = _ok(at.get("pagination")[0].set_value(3).run())
    assert f"Rows 201–300 of {listens:,} · page 3 of {-(-listens // 100)}" in _captions(at)
    expected = browse.browse(tiny, "listens", limit=100, offset=200).frame
    assert at.dataframe[0].value["user_id"].tolist() == expected["user_id"].tolist()


def test_browser_filters_a_column_back_to_page_one(at: AppTest, tiny) -> None:
    at = _ok(at.get("pagination")[0].set_value(3).run())
    at = _ok(at.selectbox(key="browse-column-users").select("country").run())
    at = _ok(at.selectbox(key="browse-op").select("equals").run())
    at = _ok(at.text_input(key="browse-value").input("BR").run())
    brazil = _count(tiny, "SELECT count(*) FROM users WHERE country = 'BR'")
    assert brazil > 0
    assert set(at.dataframe[0].value["country"]) == {"BR"}
    assert f"Rows 1–{brazil:,} of {brazil:,} · page 1 of 1" in _captions(at)


def test_browser_shows_a_bad_filter_value_as_text(at: AppTest) -> None:
    at = _ok(at.selectbox(key="browse-column-users").select("user_id").run())
    at = _ok(at.text_input(key="browse-value").input("*not* a [number](x)").run())
    (error,) = at.error
    assert "\\*not\\* a \\[number\\]\\(x\\)" in error.value  # escaped, not Markdown
    assert "cannot filter users on user_id" in _errors(at)[0]


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
