"""Browser tests: one Streamlit server per session, driven by Debian's chromium through Playwright.

The server runs ``streamlit run app.py`` on a free port against a copy of the tiny warehouse.
Readiness is checked the way Streamlit's own end-to-end suite does it: poll
``/_stcore/health`` until it answers ``ok``, then, in the page, wait for the websocket to connect
and for ``[data-testid='stApp'][data-test-script-state='notRunning']``.

Playwright's own browser downloads are not used (``playwright install`` cannot work here): the
browser is the ``chromium`` on PATH, installed with ``apt-get install -y chromium``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

ROOT = Path(__file__).resolve().parents[2]
"""The repository root, where ``app.py`` lives."""

SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
"""Where page screenshots go (git-ignored)."""

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
"""Flags that let Debian's chromium run headless as root in a container, without phoning home."""

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


@dataclass
class StreamlitServer:
    """A running ``streamlit run app.py`` subprocess."""

    process: subprocess.Popen[bytes]
    url: str
    log_path: Path
    warehouse: Path

    def log_tail(self, lines: int = 40) -> str:
        """The last lines the server wrote, for failure messages."""
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return "(no server log)"
        return "\n".join(text.splitlines()[-lines:])


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return response.read().decode().strip() == "ok"
    except (urllib.error.URLError, OSError):
        return False


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop the server and anything it started (it runs in its own process group)."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


@pytest.fixture(scope="session")
def streamlit_server(
    chromium_path: str, tiny_warehouse: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[StreamlitServer]:
    """``streamlit run app.py`` on a free port, reading a private copy of the tiny warehouse."""
    workdir = tmp_path_factory.mktemp("e2e")
    warehouse = workdir / "soundcheck.duckdb"
    shutil.copy2(tiny_warehouse, warehouse)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "SOUNDCHECK_WAREHOUSE": str(warehouse),
        "NUMBA_CACHE_DIR": os.environ.get("NUMBA_CACHE_DIR", str(ROOT / ".numba_cache")),
        "PYTHONUNBUFFERED": "1",
    }
    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(ROOT / "app.py"),
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--server.fileWatcherType",
        "none",
        "--server.runOnSave",
        "false",
        "--browser.gatherUsageStats",
        "false",
        "--global.developmentMode",
        "false",
    ]
    log_path = workdir / "streamlit.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    server = StreamlitServer(process, url, log_path, warehouse)
    try:
        deadline = time.monotonic() + SERVER_START_S
        while not _healthy(url):
            if process.poll() is not None:
                pytest.fail(
                    f"streamlit exited with code {process.returncode} before it was healthy:\n"
                    f"{server.log_tail()}",
                    pytrace=False,
                )
            if time.monotonic() > deadline:
                pytest.fail(
                    f"streamlit did not answer /_stcore/health within {SERVER_START_S:g} s:\n"
                    f"{server.log_tail()}",
                    pytrace=False,
                )
            time.sleep(0.25)
        yield server
    finally:
        _stop(process)


@pytest.fixture(scope="session")
def browser(chromium_path: str) -> Iterator[Browser]:
    """Headless Debian chromium, launched once per session."""
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True
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
        self.page.wait_for_selector(
            "[data-testid='stAppViewContainer']", state="attached", timeout=TIMEOUT_MS
        )
        self.wait()
        return self.page

    def wait(self) -> None:
        """Wait until the app is connected, its script has finished and charts have drawn."""
        from playwright.sync_api import expect

        page = self.page
        page.wait_for_timeout(150)  # let a rerun that was just triggered start
        page.locator("[data-testid='stApp'][data-test-connection-state='CONNECTED']").wait_for(
            state="attached", timeout=TIMEOUT_MS
        )
        page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for(
            state="attached", timeout=TIMEOUT_MS
        )
        expect(page.get_by_test_id("stSkeleton")).to_have_count(0, timeout=TIMEOUT_MS)
        for chart in page.get_by_test_id("stPlotlyChart").all():
            chart.locator(".main-svg").first.wait_for(state="attached", timeout=TIMEOUT_MS)

    def errors(self) -> list[str]:
        """The text of every exception or error box on the page."""
        return [e.inner_text() for e in self.page.locator(ERROR_SELECTOR).all()]

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
