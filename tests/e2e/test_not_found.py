"""An address that names no page says so, and links to the pages that exist."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

from recsys.ui.navigation import PAGES

if TYPE_CHECKING:
    from tests.e2e.conftest import App

pytestmark = pytest.mark.e2e


def _dismiss_streamlit_notice(app: App) -> None:
    """Close Streamlit's own "Page not found" dialog, which covers the page."""
    dialog = app.page.get_by_role("dialog")
    if dialog.count():
        app.page.keyboard.press("Escape")
        expect(dialog).to_have_count(0)


def test_an_unknown_path_says_the_page_does_not_exist_and_links_to_every_page(app: App) -> None:
    page = app.goto("nonexistent")
    _dismiss_streamlit_notice(app)
    main = page.get_by_test_id("stMain")

    expect(main.get_by_role("heading", name="Page not found")).to_be_visible()
    expect(main.get_by_text("There is no page at /nonexistent")).to_be_visible()
    expect(main.get_by_test_id("stMetric")).to_have_count(0)  # not the Overview in disguise
    for spec in PAGES:
        expect(main.get_by_role("link", name=spec.title, exact=True)).to_be_visible()
    assert app.errors() == []

    main.get_by_role("link", name="Data", exact=True).click()
    app.wait()
    expect(page.get_by_test_id("stMain").get_by_role("heading", name="Data").first).to_be_visible()


def test_a_path_in_the_wrong_case_points_to_the_page_meant(app: App) -> None:
    page = app.goto("Runs")
    _dismiss_streamlit_notice(app)
    main = page.get_by_test_id("stMain")

    expect(main.get_by_role("heading", name="Page not found")).to_be_visible()
    expect(main.get_by_text("Did you mean Runs?")).to_be_visible()
