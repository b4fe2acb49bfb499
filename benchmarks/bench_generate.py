"""Time the synthetic generator on each preset and record peak memory.

Each run is a fresh subprocess (so imports, page cache and memory start alike) that writes a
warehouse to a temporary folder. Results go to ``benchmarks/results/generate.json``::

    python benchmarks/bench_generate.py                # tiny x5, demo x3, large x1
    python benchmarks/bench_generate.py --presets tiny demo --repeat 3
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _machine import machine

RESULTS = Path(__file__).resolve().parent / "results" / "generate.json"
DEFAULT_REPEAT = {"tiny": 5, "demo": 3, "large": 1}

CHILD = r"""
import json, resource, sys, time
t0 = time.perf_counter()
from recsys.synth import SynthConfig, generate_warehouse
t_import = time.perf_counter() - t0
t1 = time.perf_counter()
counts = generate_warehouse(sys.argv[2], SynthConfig.from_preset(sys.argv[1]))
seconds = time.perf_counter() - t1
self_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
child_rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(json.dumps({"seconds": seconds, "import_seconds": t_import, "listens": counts["listens"],
                  "peak_rss_mb": self_rss, "peak_worker_rss_mb": child_rss}))
"""


def run_once(preset: str) -> dict[str, float]:
    """Generate one warehouse of ``preset`` in a fresh process; return its measurements."""
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run(
            [sys.executable, "-c", CHILD, preset, str(Path(tmp) / "w.duckdb")],
            check=True,
            capture_output=True,
            text=True,
        )
        size_mb = (Path(tmp) / "w.duckdb").stat().st_size / 1024**2
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["file_mb"] = size_mb
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presets", nargs="+", default=list(DEFAULT_REPEAT))
    parser.add_argument("--repeat", type=int, default=None)
    args = parser.parse_args()
    report: dict[str, object] = {"machine": machine(), "presets": {}}
    for preset in args.presets:
        runs = [run_once(preset) for _ in range(args.repeat or DEFAULT_REPEAT[preset])]
        secs = [r["seconds"] for r in runs]
        med = statistics.median(secs)
        listens = runs[0]["listens"]
        report["presets"][preset] = {  # type: ignore[index]
            "runs": len(runs),
            "median_seconds": round(med, 3),
            "min_seconds": round(min(secs), 3),
            "listens": listens,
            "listens_per_second": round(listens / med),
            "peak_rss_mb": round(max(r["peak_rss_mb"] for r in runs)),
            "peak_worker_rss_mb": round(max(r["peak_worker_rss_mb"] for r in runs)),
            "import_seconds": round(statistics.median(r["import_seconds"] for r in runs), 3),
            "file_mb": round(runs[0]["file_mb"], 1),
        }
        print(preset, json.dumps(report["presets"][preset]))
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
