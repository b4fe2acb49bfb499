"""The Data page in a real browser: the console keeps its tab and query across pages, its
editor is set in a code font, and the tables are listed beside it."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from playwright.sync_api import expect

if TYPE_CHECKING:
    from tests.e2e.conftest import App

pytestmark = pytest.mark.e2e

QUERY = "SELECT count(*) AS artists FROM artists"


def _open_console(app: App) -> None:
    page = app.goto("data")
    page.get_by_role("tab", name="SQL console").click()
    app.wait()


def _go(app: App, title: str) -> None:
    app.page.get_by_test_id("stSidebar").get_by_role("link", name=title, exact=True).click()
    app.wait()


def test_the_console_keeps_its_tab_and_query_across_page_switches(app: App) -> None:
    _open_console(app)
    page = app.page
    page.get_by_label("Query").fill(QUERY)
    page.get_by_test_id("stFormSubmitButton").get_by_role("button", name="Run").click()
    app.wait()

    _go(app, "Overview")
    expect(page.get_by_test_id("stMain").get_by_role("heading", name="Overview")).to_be_visible()
    _go(app, "Data")

    expect(page.get_by_role("tab", name="SQL console")).to_have_attribute("aria-selected", "true")
    expect(page.get_by_label("Query")).to_have_value(QUERY)
    panel = page.get_by_role("tabpanel", name="SQL console")
    expect(panel.get_by_text(re.compile(r"^1 row in \d+\.\d\d s$"))).to_be_visible()
    assert app.errors() == []


def test_the_console_editor_is_monospace_and_lists_the_tables(app: App) -> None:
    _open_console(app)
    page = app.page
    family = page.get_by_label("Query").evaluate("el => getComputedStyle(el).fontFamily")
    assert "Source Code Pro" in family and "monospace" in family

    panel = page.get_by_role("tabpanel", name="SQL console")
    picker = panel.get_by_role("combobox", name="Tables")  # the table picker beside the editor
    picker.click()
    picker.press_sequentially("listens ·")  # filters the options to the one table
    page.get_by_role("option", name="listens · 7 columns").click()
    expect(picker).to_have_value("listens · 7 columns")
    app.wait()
    expect(panel.get_by_text("When the play started, in UTC.").first).to_be_attached()
    app.screenshot("data-console-tables")
