"""Time the whole model build (split to recommendations for every user) and record memory.

For each preset a warehouse is generated once in a temporary folder, then ``soundcheck build``
runs in a fresh subprocess ``--repeat`` times. Stage timings, peak memory and the headline
accuracy (ranker NDCG@10 against the best baseline and the oracle) go to
``benchmarks/results/build.json``::

    python benchmarks/bench_build.py                  # demo, once
    python benchmarks/bench_build.py --presets demo --repeat 3
    python benchmarks/bench_build.py --presets large  # long: about an hour on 2 cores
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

RESULTS = Path(__file__).resolve().parent / "results" / "build.json"

GENERATE = r"""
import sys
from recsys.synth import SynthConfig, generate_warehouse
generate_warehouse(sys.argv[2], SynthConfig.from_preset(sys.argv[1]))
"""

CHILD = r"""
import json, resource, shutil, sys, time
from pathlib import Path
from recsys.model.build import build
src, work = Path(sys.argv[1]), Path(sys.argv[2])
shutil.copy2(src, work)
t0 = time.perf_counter()

def progress(step, fraction):  # stderr, so a run cut short still says where its time went
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{time.perf_counter() - t0:8.1f} s  {rss:7.0f} MB  {step}", file=sys.stderr, flush=True)

result = build(work, model_dir=work.parent / "models", progress=progress)
seconds = time.perf_counter() - t0
models = result.summary["models"]
baselines = {m: v["ndcg@10"] for m, v in models.items() if m not in ("lightgbm_ranker", "oracle")}
best = max(baselines, key=baselines.get)
ranker = models["lightgbm_ranker"]["ndcg@10"]
print(json.dumps({
    "seconds": seconds,
    "timings": result.timings,
    "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "users_evaluated": result.summary["users_evaluated"],
    "candidate_recall": result.summary["candidate_recall"],
    "ndcg@10": {m: v["ndcg@10"] for m, v in models.items()},
    "best_baseline": best,
    "ranker_vs_best_baseline": ranker / baselines[best],
    "ranker_share_of_oracle": ranker / models["oracle"]["ndcg@10"] if "oracle" in models else None,
}))
"""


def run_preset(preset: str, repeat: int) -> dict[str, object]:
    """Generate ``preset`` once, then time ``repeat`` builds of it in fresh processes."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "source.duckdb"
        subprocess.run([sys.executable, "-c", GENERATE, preset, str(source)], check=True)
        runs = []
        for i in range(repeat):
            out = subprocess.run(  # progress lines pass through on stderr
                [sys.executable, "-c", CHILD, str(source), str(Path(tmp) / f"run{i}.duckdb")],
                check=True,
                stdout=subprocess.PIPE,
                text=True,
            )
            runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    secs = [r["seconds"] for r in runs]
    med = statistics.median(secs)
    median_run = min(runs, key=lambda r: abs(r["seconds"] - med))
    return {
        "runs": len(runs),
        "median_seconds": round(med, 1),
        "min_seconds": round(min(secs), 1),
        "peak_rss_mb": round(max(r["peak_rss_mb"] for r in runs)),
        "stage_seconds_of_median_run": median_run["timings"],
        "users_evaluated": median_run["users_evaluated"],
        "candidate_recall": round(median_run["candidate_recall"], 4),
        "ndcg@10": {m: round(v, 4) for m, v in median_run["ndcg@10"].items()},
        "best_baseline": median_run["best_baseline"],
        "ranker_vs_best_baseline": round(median_run["ranker_vs_best_baseline"], 3),
        "ranker_share_of_oracle": (
            round(median_run["ranker_share_of_oracle"], 3)
            if median_run["ranker_share_of_oracle"] is not None
            else None
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presets", nargs="+", default=["demo"])
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    report: dict[str, object] = {"machine": machine(), "presets": {}}
    if RESULTS.exists():  # keep figures of presets not re-run this time
        report["presets"] = json.loads(RESULTS.read_text()).get("presets", {})
    for preset in args.presets:
        report["presets"][preset] = run_preset(preset, args.repeat)  # type: ignore[index]
        print(preset, json.dumps(report["presets"][preset]))
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(report, indent=2) + "\n")


if __name__ == "__main__":
    main()
