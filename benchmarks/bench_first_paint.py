"""Time every dashboard page's first paint in a fresh browser session, against an empty page.

The dashboard is served on a built warehouse (default: the demo at data/soundcheck.duckdb)
and, beside it, a Streamlit app that only shows a title (the floor any page pays: the
frontend's bundle, the websocket, one script run). For each page, ``--runs`` times in turn
with the empty page (so both see the same machine load), a new browser context opens the
page's URL and the clock stops when the script run is over and every Plotly chart has drawn.
It also counts the charts and the bytes the server sent over the websocket.

Writes benchmarks/results/first_paint.json: per page the median seconds, the ratio to the
empty page's median in the same run, charts and payload bytes::

    python benchmarks/bench_first_paint.py --warehouse data/soundcheck.duckdb
    python benchmarks/bench_first_paint.py --pages overview runs --runs 3
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import statistics
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT / "scripts"))

import devserver  # noqa: E402
from _machine import machine  # noqa: E402

log = logging.getLogger("bench_first_paint")

RESULTS = Path(__file__).resolve().parent / "results" / "first_paint.json"
EMPTY_APP = 'import streamlit as st\n\nst.title("Empty page")\n'


def paint(browser: Any, url: str, title: str, timeout_ms: int = 120_000) -> dict[str, Any]:
    """Open ``url`` in a fresh context; seconds until rendered, charts and websocket bytes.

    Rendered: the page's heading ``title`` is visible (so its script has started), the script
    run is over and every Plotly chart has drawn its SVG.
    """
    context = browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    received = {"bytes": 0}

    def on_socket(ws: Any) -> None:
        ws.on("framereceived", lambda payload: received.__setitem__(
            "bytes", received["bytes"] + len(payload)))  # fmt: skip

    page.on("websocket", on_socket)
    try:
        t0 = time.perf_counter()
        page.goto(url, wait_until="domcontentloaded", timeout=timeout_ms)
        main = page.get_by_test_id("stMain")
        main.get_by_role("heading", name=title).first.wait_for(timeout=timeout_ms)
        devserver.wait_until_rendered(page, timeout_ms)
        seconds = time.perf_counter() - t0
        charts = page.locator(devserver.CHARTS).count()
    finally:
        context.close()
    return {"seconds": seconds, "charts": charts, "ws_bytes": received["bytes"]}


def main() -> None:
    from playwright.sync_api import sync_playwright

    from recsys.ui.navigation import PAGES

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", type=Path, default=ROOT / "data" / "soundcheck.duckdb")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--pages", nargs="+", default=[p.url_path for p in PAGES])
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    chromium = shutil.which("chromium")
    if chromium is None:
        sys.exit("chromium is not installed (apt-get install -y chromium)")
    if not args.warehouse.is_file():
        sys.exit(f"no warehouse at {args.warehouse}: generate and build one first")

    report: dict[str, Any] = {
        "machine": machine() | {"load_avg_before": os.getloadavg()},
        "warehouse": str(args.warehouse),
        "runs": args.runs,
        "method": "fresh browser context per load, 1440x900, timed from navigation to the end "
        "of the script run with every Plotly chart drawn; empty page and page alternate",
        "pages": {},
    }
    with sync_playwright() as pw, ExitStack() as stack:  # the browser closes first
        tmp = Path(stack.enter_context(tempfile.TemporaryDirectory()))
        (tmp / "empty.py").write_text(EMPTY_APP)
        url = stack.enter_context(devserver.dashboard(args.warehouse, tmp / "app.log"))
        empty_url = stack.enter_context(_serve(tmp / "empty.py", tmp / "empty.log"))
        browser = pw.chromium.launch(
            executable_path=chromium, args=list(devserver.CHROMIUM_ARGS), headless=True
        )
        stack.callback(browser.close)
        titles = {p.url_path: p.title for p in PAGES}
        paths = {p.url_path: "" if p is PAGES[0] else p.url_path for p in PAGES}  # default: /
        for name in args.pages:  # warm the server's caches once, as a user before us would
            paint(browser, f"{url}/{paths[name]}", titles[name])
        for name in args.pages:
            empties, loads = [], []
            for _ in range(args.runs):
                empties.append(paint(browser, empty_url, "Empty page"))
                loads.append(paint(browser, f"{url}/{paths[name]}", titles[name]))
            empty_s = statistics.median(e["seconds"] for e in empties)
            page_s = statistics.median(x["seconds"] for x in loads)
            report["pages"][name] = {
                "median_s": round(page_s, 3),
                "empty_median_s": round(empty_s, 3),
                "ratio_to_empty": round(page_s / empty_s, 2),
                "runs_s": [round(x["seconds"], 3) for x in loads],
                "empty_runs_s": [round(e["seconds"], 3) for e in empties],
                "charts": loads[-1]["charts"],
                "ws_bytes": loads[-1]["ws_bytes"],
            }
            log.info("%-16s %s", name, report["pages"][name])
    report["machine"]["load_avg_after"] = os.getloadavg()
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")
    log.info("wrote %s", RESULTS)


class _serve:
    """Serve one Streamlit script on a free port (the empty page)."""

    def __init__(self, script: Path, log_path: Path) -> None:
        self.script, self.log_path = script, log_path

    def __enter__(self) -> str:
        import subprocess

        port = devserver.free_port()
        self.url = f"http://127.0.0.1:{port}"
        command = [
            sys.executable, "-m", "streamlit", "run", str(self.script),
            "--server.port", str(port), "--server.address", "127.0.0.1",
            "--server.headless", "true", "--server.fileWatcherType", "none",
            "--browser.gatherUsageStats", "false", "--global.developmentMode", "false",
        ]  # fmt: skip
        with self.log_path.open("wb") as log:
            self.process = subprocess.Popen(
                command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        deadline = time.monotonic() + 60
        while not devserver.healthy(self.url):
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise devserver.DashboardStartError("the empty page did not start")
            time.sleep(0.25)
        return self.url

    def __exit__(self, *exc: object) -> None:
        devserver.stop(self.process)


if __name__ == "__main__":
    main()
