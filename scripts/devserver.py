"""Run the dashboard in the background and drive it in Debian's chromium (tests, screenshots).

Readiness is checked the way Streamlit's own end-to-end suite does: poll
``/_stcore/health`` until it answers ``ok``; then, in the page, wait for the websocket and for
``[data-testid='stApp'][data-test-script-state='notRunning']``. The browser is the
``chromium`` on PATH (``apt-get install -y chromium``), never one Playwright downloads.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from recsys.errors import SoundcheckError

__all__ = [
    "CHARTS",
    "CHROMIUM_ARGS",
    "ROOT",
    "DashboardStartError",
    "dashboard",
    "free_port",
    "healthy",
    "stop",
    "wait_until_rendered",
]

ROOT = Path(__file__).resolve().parents[1]
"""The source checkout, where ``app.py`` lives."""

CHROMIUM_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
"""Flags that let Debian's chromium run headless as root in a container, without phoning home."""


CHARTS = (
    "[data-testid='stMain'] [data-testid='stPlotlyChart'], "
    "[data-testid='stMain'] [data-testid='stBidiComponentRegular']"
)
"""A chart on the page: Streamlit's own Plotly element, or the dashboard's chart component
(recsys/ui/charts.py), which is drawn once its ``.main-svg`` is there. (The component's
element in the sidebar only preloads the chart library.)"""


class DashboardStartError(SoundcheckError):
    """The dashboard exited or did not answer its health check in time (message: log tail)."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def healthy(url: str) -> bool:
    """Whether the Streamlit server at ``url`` answers its health check."""
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
            return bool(response.read().decode().strip() == "ok")
    except (urllib.error.URLError, OSError):
        return False


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop a server and everything it started (it runs in its own process group)."""
    if process.poll() is not None:
        return
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no server log)"


@contextlib.contextmanager
def dashboard(warehouse: Path, log_path: Path, *, timeout_s: float = 90.0) -> Iterator[str]:
    """Serve ``app.py`` on ``warehouse`` on a free local port; yield its URL once healthy.

    Raises:
        DashboardStartError: the server exited or stayed unhealthy for ``timeout_s``; the
            message ends with the last lines of its log.
    """
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "SOUNDCHECK_WAREHOUSE": str(Path(warehouse).resolve()),
        "PYTHONUNBUFFERED": "1",
    }
    env.setdefault("NUMBA_CACHE_DIR", str(ROOT / ".numba_cache"))
    command = [
        sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
        "--server.port", str(port), "--server.address", "127.0.0.1",
        "--server.headless", "true", "--server.fileWatcherType", "none",
        "--server.runOnSave", "false", "--browser.gatherUsageStats", "false",
        "--global.developmentMode", "false", "--client.toolbarMode", "minimal",
        "--server.enableStaticServing", "true",
    ]  # fmt: skip
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        deadline = time.monotonic() + timeout_s
        while not healthy(url):
            if process.poll() is not None:
                raise DashboardStartError(
                    f"streamlit exited with code {process.returncode} before it was healthy:\n"
                    + _tail(log_path)
                )
            if time.monotonic() > deadline:
                raise DashboardStartError(
                    f"streamlit did not answer /_stcore/health within {timeout_s:g} s:\n"
                    + _tail(log_path)
                )
            time.sleep(0.25)
        yield url
    finally:
        stop(process)


def wait_until_rendered(page: Any, timeout_ms: int = 60_000) -> None:
    """Wait until a Playwright ``page`` shows a finished script run with its charts drawn."""
    from playwright.sync_api import expect

    page.wait_for_selector("[data-testid='stAppViewContainer']", state="attached")
    page.locator("[data-testid='stApp'][data-test-connection-state='CONNECTED']").wait_for(
        state="attached", timeout=timeout_ms
    )
    page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for(
        state="attached", timeout=timeout_ms
    )
    expect(page.get_by_test_id("stSkeleton")).to_have_count(0, timeout=timeout_ms)
    for chart in page.locator(CHARTS).all():
        chart.locator(".main-svg").first.wait_for(state="attached", timeout=timeout_ms)
