"""Take the README screenshot: the Overview page on freshly generated demo data.

Generates a warehouse with a synthetic preset into a temporary folder (or uses ``--warehouse``),
starts ``streamlit run app.py`` on a free port, opens the page in Debian's chromium (never a
browser Playwright downloads), waits the way Streamlit's own end-to-end suite does and saves
the picture::

    .venv/bin/python scripts/screenshot.py                      # docs/screenshot.png, demo data
    .venv/bin/python scripts/screenshot.py --preset tiny --page data --output /tmp/data.png
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments, take the screenshot and report where it went."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--preset", default="demo", help="synthetic preset to generate (demo)")
    parser.add_argument("--warehouse", type=Path, help="use this warehouse instead of generating")
    parser.add_argument("--page", default="", help="URL path of the page ('' = the default page)")
    parser.add_argument("--output", type=Path, default=ROOT / "docs" / "screenshot.png")
    parser.add_argument("--width", type=int, default=1440)
    parser.add_argument("--height", type=int, default=1400)
    args = parser.parse_args(argv)

    chromium = shutil.which("chromium")
    if chromium is None:
        parser.error("chromium is not on PATH: apt-get install -y chromium")
    with tempfile.TemporaryDirectory(prefix="soundcheck-shot-") as tmp:
        warehouse = args.warehouse or _generate(args.preset, Path(tmp) / "soundcheck.duckdb")
        with _server(warehouse, Path(tmp) / "streamlit.log") as url:
            _shoot(chromium, f"{url}/{args.page}", args.output, (args.width, args.height))
    print(f"wrote {args.output}")
    return 0


def _generate(preset: str, path: Path) -> Path:
    from recsys.synth import SynthConfig, generate_warehouse

    print(f"generating the {preset} warehouse ...")
    generate_warehouse(path, SynthConfig.from_preset(preset))
    return path


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


@contextmanager
def _server(warehouse: Path, log_path: Path, timeout_s: float = 90.0) -> Iterator[str]:
    """Run the dashboard on ``warehouse`` and yield its URL once it answers its health check."""
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "SOUNDCHECK_WAREHOUSE": str(warehouse.resolve())}
    env.setdefault("NUMBA_CACHE_DIR", str(ROOT / ".numba_cache"))
    command = [
        sys.executable, "-m", "streamlit", "run", str(ROOT / "app.py"),
        "--server.port", str(port), "--server.address", "127.0.0.1",
        "--server.headless", "true", "--server.fileWatcherType", "none",
        "--browser.gatherUsageStats", "false", "--client.toolbarMode", "minimal",
    ]  # fmt: skip
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        deadline = time.monotonic() + timeout_s
        while not _healthy(url):
            if process.poll() is not None or time.monotonic() > deadline:
                tail = log_path.read_text(errors="replace").splitlines()[-30:]
                raise SystemExit("streamlit did not start:\n" + "\n".join(tail))
            time.sleep(0.25)
        yield url
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)


def _shoot(chromium: str, url: str, output: Path, size: tuple[int, int]) -> None:
    """Open ``url``, wait for the script run and the charts, and save a screenshot."""
    from playwright.sync_api import expect, sync_playwright

    output.parent.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=CHROMIUM_ARGS, headless=True
        )
        try:
            page = browser.new_page(viewport={"width": size[0], "height": size[1]})
            page.set_default_timeout(60_000)
            page.goto(url)
            page.wait_for_selector("[data-testid='stAppViewContainer']", state="attached")
            page.wait_for_timeout(150)
            page.locator("[data-testid='stApp'][data-test-connection-state='CONNECTED']").wait_for(
                state="attached"
            )
            page.locator("[data-testid='stApp'][data-test-script-state='notRunning']").wait_for(
                state="attached"
            )
            expect(page.get_by_test_id("stSkeleton")).to_have_count(0, timeout=60_000)
            page.get_by_test_id("stMain").locator("h1").first.wait_for(state="visible")
            for chart in page.get_by_test_id("stPlotlyChart").all():
                chart.locator(".main-svg").first.wait_for(state="attached")
            errors = page.locator(
                "[data-testid='stException'], [data-testid='stAlertContentError']"
            ).all_inner_texts()
            if errors:
                raise SystemExit("the page shows an error:\n" + "\n".join(errors))
            page.wait_for_timeout(500)  # let chart transitions settle
            page.mouse.move(0, 0)
            page.screenshot(path=str(output))
        finally:
            browser.close()


if __name__ == "__main__":
    sys.exit(main())
