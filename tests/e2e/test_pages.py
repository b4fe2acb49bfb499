"""Every registered page renders in a real browser without an error; the SQL console works.

The pages come from :data:`recsys.ui.navigation.PAGES`, so a page added to the registry is
covered without touching this file. Screenshots land in ``tests/e2e/screenshots/`` (git-ignored).
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

from recsys.ui.navigation import PAGES, PageSpec

if TYPE_CHECKING:
    from tests.e2e.conftest import App

pytestmark = pytest.mark.e2e


def _url_path(spec: PageSpec) -> str:
    """The first page of the registry is the default one, served at the root URL."""
    return "" if spec is PAGES[0] else spec.url_path


@pytest.mark.parametrize("spec", PAGES, ids=[s.url_path for s in PAGES])
def test_page_renders_without_errors(app: App, spec: PageSpec) -> None:
    page = app.goto(_url_path(spec))

    assert app.errors() == [], f"{spec.title} shows an error"
    assert app.page_errors == [], f"{spec.title} raised in the browser"
    expect(page.get_by_text("Page not found")).to_have_count(0)
    heading = page.get_by_test_id("stMain").get_by_role("heading", name=spec.title).first
    expect(heading).to_be_visible()
    expect(page.get_by_role("link", name=spec.title, exact=True).first).to_be_attached()

    shot = app.screenshot(spec.url_path)
    assert shot.stat().st_size > 10_000  # an actual picture, not a blank page


@pytest.mark.parametrize("spec", PAGES, ids=[s.url_path for s in PAGES])
def test_nothing_is_shown_above_the_title(app: App, spec: PageSpec) -> None:
    """A bare string in a page's module (a constant's docstring) is drawn by Streamlit's magic."""
    page = app.goto(_url_path(spec))
    heading = page.get_by_test_id("stMain").get_by_role("heading", name=spec.title).first
    main_text = page.get_by_test_id("stMainBlockContainer").inner_text().strip()
    assert main_text.startswith(heading.inner_text()), "text shown above the title"


RESULT_CAPTION = re.compile(r"^\d[\d,]* rows? in \d+\.\d\d s$")
"""The console's caption under a result: its row count and time."""


def _console(app: App, query: str) -> None:
    """Open the Data page's SQL console, type ``query`` and run it."""
    data = next(s for s in PAGES if s.url_path == "data")
    page = app.goto(_url_path(data))
    page.get_by_role("tab", name="SQL console").click()
    page.get_by_label("Query").fill(query)
    page.get_by_test_id("stFormSubmitButton").get_by_role("button", name="Run").click()
    # The run is over when its outcome is on the page: a row count under the result, or an
    # error box. (Waiting on the script state alone can look before the rerun has started.)
    panel = page.get_by_role("tabpanel", name="SQL console")
    outcome = panel.get_by_text(RESULT_CAPTION).or_(app.error_boxes())
    outcome.first.wait_for()
    app.wait()


def test_sql_console_runs_a_query_and_shows_the_result(app: App) -> None:
    _console(app, "SELECT country, count(*) AS users FROM users GROUP BY country ORDER BY 2 DESC")
    page = app.page

    assert app.errors() == []
    panel = page.get_by_role("tabpanel", name="SQL console")
    expect(panel.get_by_test_id("stDataFrame").last).to_be_visible()  # after the table list
    expect(panel.get_by_text(RESULT_CAPTION)).to_be_visible()
    app.screenshot("data-console")


def test_sql_console_refuses_a_write_with_a_clear_message(app: App) -> None:
    _console(app, "DROP TABLE listens")

    errors = app.errors()
    assert len(errors) == 1
    assert "refused" in errors[0]
    assert "DROP" in errors[0]
