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
import shutil
import sys
import tempfile
from pathlib import Path

import devserver

ROOT = devserver.ROOT


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
        with devserver.dashboard(warehouse, Path(tmp) / "streamlit.log") as url:
            _shoot(chromium, f"{url}/{args.page}", args.output, (args.width, args.height))
    print(f"wrote {args.output}")
    return 0


def _generate(preset: str, path: Path) -> Path:
    from recsys.synth import SynthConfig, generate_warehouse

    print(f"generating the {preset} warehouse ...")
    generate_warehouse(path, SynthConfig.from_preset(preset))
    return path


def _shoot(chromium: str, url: str, output: Path, size: tuple[int, int]) -> None:
    """Open ``url``, wait for the script run and the charts, and save a screenshot."""
    from playwright.sync_api import sync_playwright

    output.parent.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium, args=list(devserver.CHROMIUM_ARGS), headless=True
        )
        try:
            page = browser.new_page(viewport={"width": size[0], "height": size[1]})
            page.set_default_timeout(60_000)
            page.goto(url)
            page.wait_for_timeout(150)
            devserver.wait_until_rendered(page)
            page.get_by_test_id("stMain").locator("h1").first.wait_for(state="visible")
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
