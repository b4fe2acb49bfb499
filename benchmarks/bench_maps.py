"""Time the genre map: the map stage on ``demo``, both Discover pages warm, and the map figure
for 20,000 artists. Results go to ``benchmarks/results/maps.json`` with the machine's size::

    python benchmarks/bench_maps.py                       # generates and builds demo (minutes)
    python benchmarks/bench_maps.py --warehouse W.duckdb  # a demo warehouse with a built run

1. **Map stage**: the map of the warehouse's latest run is computed in fresh processes (the
   first fills the numba cache if it is empty; the figure is the median of the later ones,
   which is what a second build pays). Wall and CPU seconds, per step.
2. **Pages warm**: each Discover page is run in AppTest, then run again; the second run reads
   from Streamlit's caches, which is what a reader waits for after the first visit.
3. **20,000 artists**: the map figure for 20,000 points in every colour (build time and the
   JSON payload the browser receives).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _machine import machine

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results" / "maps.json"
os.environ.setdefault("NUMBA_CACHE_DIR", str(ROOT / ".numba_cache"))

STAGE = r"""
import json, sys, time
from recsys import warehouse
from recsys.maps import MapConfig, compute_map, map_runs
con = warehouse.open_readonly(sys.argv[1])
runs = con.execute("SELECT run_id, grain FROM runs ORDER BY created_at DESC LIMIT 1").fetchall()
t0, c0 = time.perf_counter(), time.process_time()
result = compute_map(con, MapConfig(), run_id=runs[0][0], grain=runs[0][1])
print(json.dumps({
    "wall_s": round(time.perf_counter() - t0, 2),
    "cpu_s": round(time.process_time() - c0, 2),
    "steps_wall_s": result.facts["seconds"],
    "artists": len(result.points),
    "clusters": int((result.clusters["cluster_id"] >= 0).sum()),
    "tests": len(result.tests),
}))
"""

PAGES = r"""
import json, sys, time
from streamlit.testing.v1 import AppTest
out = {}
at = AppTest.from_file(sys.argv[1], default_timeout=600).run()
for page in ("app_pages/genre_map.py", "app_pages/emerging.py"):
    t0 = time.perf_counter()
    at.switch_page(page).run()
    cold = time.perf_counter() - t0
    assert not at.exception, at.exception
    warm = []
    for _ in range(3):
        t0 = time.perf_counter()
        at.run()
        warm.append(time.perf_counter() - t0)
    out[page] = {"first_s": round(cold, 3), "warm_s": round(sorted(warm)[1], 3)}
print(json.dumps(out))
"""


def _child(code: str, *args: str) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
        env={**os.environ, "SOUNDCHECK_LOG": "WARNING", "OMP_WAIT_POLICY": "PASSIVE"},
    )
    lines = [line for line in out.stdout.splitlines() if line.startswith("{")]
    if not lines:
        raise RuntimeError(f"no result from the child process:\n{out.stdout}\n{out.stderr}")
    return json.loads(lines[-1])


def _demo(folder: Path) -> Path:
    path = folder / "demo.duckdb"
    for args in (["generate", "--preset", "demo"], ["build"]):
        subprocess.run(
            [sys.executable, "-m", "recsys", *args, "-w", str(path)], check=True, cwd=ROOT
        )
    return path


def stage(path: Path, repeat: int) -> dict[str, Any]:
    """The map stage in fresh processes: the first (cache filling) and the median of the rest."""
    runs = [_child(STAGE, str(path)) for _ in range(repeat + 1)]
    later = runs[1:]
    return {
        "first_process": runs[0],
        "later_wall_s_median": statistics.median(r["wall_s"] for r in later),
        "later_cpu_s_median": statistics.median(r["cpu_s"] for r in later),
        "later": later,
    }


def pages(path: Path) -> dict[str, Any]:
    """Each Discover page's first and warm run in AppTest."""
    os.environ["SOUNDCHECK_WAREHOUSE"] = str(path)
    return _child(PAGES, str(ROOT / "app.py"))


def big_figure(n: int = 20_000) -> dict[str, Any]:
    """The map figure for ``n`` artists in every colour: build seconds and payload bytes."""
    import numpy as np
    import pandas as pd

    from recsys.plots.maps import COLOUR_MODES, genre_map

    rng = np.random.default_rng(0)
    clusters = rng.integers(-1, 120, n)
    points = pd.DataFrame(
        {
            "artist_id": np.arange(1, n + 1),
            "name": [f"Artist {i:05d}" for i in range(n)],
            "x": rng.normal(size=n) * 4,
            "y": rng.normal(size=n) * 4,
            "cluster_id": clusters,
            "cluster": [f"genre {c % 60} · genre {(c + 7) % 60}" for c in clusters],
            "parent_genre": [f"Parent {c % 12}" for c in clusters],
            "top_tags": [f"genre {c % 60}, genre {(c + 3) % 60}" for c in clusters],
            "listeners": rng.lognormal(3, 1.5, n).astype(int) + 2,
            "exposure_gap": rng.normal(0, 1e-4, n),
            "growth": rng.lognormal(0, 0.5, n),
        }
    )
    out: dict[str, Any] = {"artists": n}
    for mode in COLOUR_MODES:
        genre_map(points, mode)  # warm plotly's validators
        t0 = time.perf_counter()
        fig = genre_map(points, mode)
        built = time.perf_counter() - t0
        t0 = time.perf_counter()
        payload = fig.to_json()
        out[mode] = {
            "build_s": round(built, 3),
            "to_json_s": round(time.perf_counter() - t0, 3),
            "payload_mb": round(len(payload) / 1e6, 2),
        }
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", type=Path, help="a demo warehouse with a built run")
    parser.add_argument("--repeat", type=int, default=2, help="later map-stage processes")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.warehouse is None:
            path = _demo(Path(tmp))
        else:
            path = Path(tmp) / "demo.duckdb"
            shutil.copy2(args.warehouse, path)
        results = {
            "machine": machine(),
            "map_stage_demo": stage(path, args.repeat),
            "pages_demo": pages(path),
            "figure_20k": big_figure(),
        }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
