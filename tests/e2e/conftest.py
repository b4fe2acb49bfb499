"""Browser tests: one Streamlit server per session, driven by Debian's chromium through Playwright.

The server runs ``streamlit run app.py`` on a free port against a copy of the session's built tiny
warehouse (``built_tiny_warehouse`` in tests/conftest.py: one model run with every run stage), so
every page built on a run has one to show.
Readiness is checked the way Streamlit's own end-to-end suite does it: poll
``/_stcore/health`` until it answers ``ok``, then, in the page, wait for the websocket to connect
and for ``[data-testid='stApp'][data-test-script-state='notRunning']``.

Playwright's own browser downloads are not used (``playwright install`` cannot work here): the
browser is the ``chromium`` on PATH, installed with ``apt-get install -y chromium``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import devserver
import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Locator, Page

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
"""Where page screenshots go (git-ignored)."""

SERVER_START_S = 90.0
"""How long the Streamlit server may take to answer its health check."""

TIMEOUT_MS = 30_000
"""Playwright's default wait for an element or a navigation."""

ERROR_SELECTOR = "[data-testid='stException'], [data-testid='stAlertContentError']"
"""A Python exception shown by Streamlit, or an ``st.error`` box."""


def find_chromium() -> str | None:
    """Debian's chromium on PATH, or None."""
    return shutil.which("chromium")


@pytest.fixture(scope="session")
def chromium_path() -> str:
    """The chromium executable; skip (or fail under ``CI=true``) when it is not installed."""
    path = find_chromium()
    if path is None:
        message = (
            "Debian's chromium is not on PATH; `make test` installs it with "
            "`apt-get update && apt-get install -y chromium` (never `playwright install`)"
        )
        if os.environ.get("CI", "").strip().lower() == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def built_warehouse(built_tiny_warehouse: Path) -> Path:
    """The tiny warehouse with one model run: the session's shared build (read only)."""
    return built_tiny_warehouse


@dataclass
class StreamlitServer:
    """A running ``streamlit run app.py``: its URL and the warehouse it reads."""

    url: str
    warehouse: Path


@pytest.fixture(scope="session")
def streamlit_server(
    chromium_path: str, built_warehouse: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[StreamlitServer]:
    """``streamlit run app.py`` on a free port, reading a private copy of the built warehouse."""
    workdir = tmp_path_factory.mktemp("e2e")
    warehouse = workdir / "soundcheck.duckdb"
    shutil.copy2(built_warehouse, warehouse)
    try:
        with devserver.dashboard(
            warehouse, workdir / "streamlit.log", timeout_s=SERVER_START_S
        ) as url:
            yield StreamlitServer(url, warehouse)
    except devserver.DashboardStartError as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[Browser]:
    """Headless Debian chromium, launched once per session."""
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium_path, args=list(devserver.CHROMIUM_ARGS), headless=True
        )
        try:
            yield launched
        finally:
            launched.close()


@dataclass
class App:
    """One browser tab on the running dashboard, with Streamlit-aware waits."""

    page: Page
    server: StreamlitServer
    page_errors: list[str] = field(default_factory=list)

    def goto(self, url_path: str = "") -> Page:
        """Open a page of the dashboard by its URL path and wait for its script to finish."""
        self.page.goto(f"{self.server.url}/{url_path}")
        self.wait()
        return self.page

    def resize(self, width: int, height: int = 1000) -> None:
        """Set the browser window's size in CSS pixels."""
        self.page.set_viewport_size({"width": width, "height": height})

    def wait(self) -> None:
        """Wait until the app is connected, its script has finished and charts have drawn."""
        self.page.wait_for_timeout(150)  # let a rerun that was just triggered start
        devserver.wait_until_rendered(self.page, TIMEOUT_MS)

    def error_boxes(self) -> Locator:
        """Every exception or error box on the page (a locator: it can be waited for)."""
        return self.page.locator(ERROR_SELECTOR)

    def errors(self) -> list[str]:
        """The text of every exception or error box on the page."""
        return [e.inner_text() for e in self.error_boxes().all()]

    def screenshot(self, name: str) -> Path:
        """Save a screenshot to ``tests/e2e/screenshots/<name>.png`` and return its path."""
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        self.page.mouse.move(0, 0)  # no hover effects in the picture
        self.page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture
def app(browser: Browser, streamlit_server: StreamlitServer) -> Iterator[App]:
    """A fresh browser context and tab on the dashboard; JavaScript errors are collected."""
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    driver = App(page, streamlit_server)
    page.on("pageerror", lambda exc: driver.page_errors.append(str(exc)))
    try:
        yield driver
    finally:
        context.close()
