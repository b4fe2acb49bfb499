"""Time every stage of the model build at several sizes, with memory and growth exponents.

For each preset a warehouse is generated once in a temporary folder, then ``soundcheck build``
runs in a fresh subprocess ``--repeat`` times. For the median run it records every stage's
seconds (the run's own timings: split, candidates and features, ranker, evaluation, final
recommendations and every registered wing stage) and the peak resident memory within each
stage (sampled every 0.2 s), the CPU seconds of each stage (every thread of the process), the
whole build's peak, and the headline accuracy. Between two sizes, each stage's growth exponent
``log(c_b / c_a) / log(plays_b / plays_a)`` says how its cost grows with the number of plays
(1: linear); it is taken on CPU seconds, which other work on a shared machine inflates far less
than wall time. Results go to ``benchmarks/results/build.json`` (presets not re-run keep their
figures)::

    python benchmarks/bench_build.py                  # demo, once
    python benchmarks/bench_build.py --presets demo --repeat 3
    python benchmarks/bench_build.py --presets demo medium large   # long: hours on 2 cores
    python benchmarks/bench_build.py --table          # print the README's table from the JSON
"""

from __future__ import annotations

import argparse
import itertools
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _machine import machine

RESULTS = Path(__file__).resolve().parent / "results" / "build.json"
ORDER = ("tiny", "demo", "medium", "large")

GENERATE = r"""
import sys
from recsys.synth import SynthConfig, generate_warehouse
generate_warehouse(sys.argv[2], SynthConfig.from_preset(sys.argv[1]))
"""

CHILD = r"""
import json, os, resource, shutil, sys, threading, time
from pathlib import Path
from recsys import warehouse
from recsys.model.build import build
from recsys.model.stages import RUN_STAGES
src, work = Path(sys.argv[1]), Path(sys.argv[2])
shutil.copy2(src, work)
con = warehouse.open_readonly(work)
plays = sum(con.execute("SELECT (SELECT count(*) FROM listens) + "
                        "(SELECT coalesce(sum(plays), 0) FROM play_counts)").fetchall()[0])
con.close()
PAGE = os.sysconf("SC_PAGE_SIZE")
samples, marks, cpu_marks, done = [], [], [], threading.Event()

def rss_mb():
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * PAGE / 2**20

def sample():
    while not done.wait(0.2):
        samples.append((time.perf_counter(), rss_mb()))

PHASES = [("loading interactions", "split"), ("candidates for training",
          "train_candidates_features"), ("training the ranker", "train_ranker"),
          ("candidates for testing", "test_candidates_features"), ("evaluating", "evaluate"),
          ("retraining", "retrain_ranker"), ("recommendations", "final_recommendations"),
          ("writing the run", "write_run")] + [(s.label, s.name) for s in RUN_STAGES] + [
          ("done", "done")]

def phase(step):
    return next((name for prefix, name in PHASES if step.startswith(prefix)), None)

t0 = time.perf_counter()
def progress(step, fraction):  # stderr, so a run cut short still says where its time went
    now, name = time.perf_counter(), phase(step)
    if name is not None and (not marks or marks[-1][1] != name):
        marks.append((now, name))
        cpu_marks.append((time.process_time(), name))
    print(f"{now - t0:8.1f} s  {rss_mb():7.0f} MB  {step}", file=sys.stderr, flush=True)

threading.Thread(target=sample, daemon=True).start()
result = build(work, model_dir=work.parent / "models", progress=progress)
seconds = time.perf_counter() - t0
done.set()
bounds = marks + [(time.perf_counter(), None)]
peaks = {}
for (start, name), (end, _) in zip(bounds, bounds[1:]):
    inside = [mb for t, mb in samples if start <= t <= end] or [rss_mb()]
    peaks[name] = round(max(peaks.get(name, 0), max(inside)))
peaks.pop("done", None)
cpu_bounds = cpu_marks + [(time.process_time(), None)]
cpu = {}
for (start, name), (end, _) in zip(cpu_bounds, cpu_bounds[1:]):
    cpu[name] = round(cpu.get(name, 0) + end - start, 1)
cpu.pop("done", None)
cpu["total"] = round(time.process_time(), 1)
timings = dict(result.timings)
staged = sum(v for k, v in timings.items() if k != "total")
timings["write_run"] = round(timings["total"] - staged, 3)
models = result.summary["models"]
baselines = {m: v["ndcg@10"] for m, v in models.items() if m not in ("lightgbm_ranker", "oracle")}
best = max(baselines, key=baselines.get)
ranker = models["lightgbm_ranker"]["ndcg@10"]
print(json.dumps({
    "seconds": seconds,
    "plays": int(plays),
    "timings": timings,
    "stage_peak_rss_mb": peaks,
    "stage_cpu_seconds": cpu,
    "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    "users_evaluated": result.summary["users_evaluated"],
    "oracle_sample": result.summary.get("oracle_sample"),
    "candidate_recall": result.summary["candidate_recall"],
    "ndcg@10": {m: v["ndcg@10"] for m, v in models.items()},
    "best_baseline": best,
    "ranker_vs_best_baseline": ranker / baselines[best],
    "ranker_share_of_oracle": ranker / models["oracle"]["ndcg@10"] if "oracle" in models else None,
}))
"""


def run_preset(preset: str, repeat: int) -> dict[str, object]:
    """Generate ``preset`` once, then time ``repeat`` builds of it in fresh processes."""
    load_before = [round(x, 2) for x in os.getloadavg()]
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
        "load_avg_before": load_before,
        "plays": median_run["plays"],
        "median_seconds": round(med, 1),
        "min_seconds": round(min(secs), 1),
        "peak_rss_mb": round(max(r["peak_rss_mb"] for r in runs)),
        "stage_seconds_of_median_run": median_run["timings"],
        "stage_peak_rss_mb_of_median_run": median_run["stage_peak_rss_mb"],
        "stage_cpu_seconds_of_median_run": median_run["stage_cpu_seconds"],
        "users_evaluated": median_run["users_evaluated"],
        "oracle_sample": median_run["oracle_sample"],
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


def growth(presets: dict[str, dict[str, object]]) -> dict[str, dict[str, float]]:
    """Each stage's growth exponent in CPU seconds between consecutive measured sizes."""
    sizes = [p for p in ORDER if p in presets and "stage_cpu_seconds_of_median_run" in presets[p]]
    out: dict[str, dict[str, float]] = {}
    for a, b in itertools.pairwise(sizes):
        pa, pb = presets[a], presets[b]
        ratio = math.log(pb["plays"] / pa["plays"])  # type: ignore[operator]
        ca: dict[str, float] = pa["stage_cpu_seconds_of_median_run"]  # type: ignore[assignment]
        cb: dict[str, float] = pb["stage_cpu_seconds_of_median_run"]  # type: ignore[assignment]
        out[f"{a}->{b}"] = {
            stage: round(math.log(cb[stage] / ca[stage]) / ratio, 2)
            for stage in cb
            if stage in ca and ca[stage] >= 0.5 and cb[stage] > 0
        }
    return out


def table(report: dict[str, object]) -> str:
    """The README's table: wall and CPU seconds and peak memory per stage and size, exponents."""
    presets: dict[str, dict[str, Any]] = report["presets"]  # type: ignore[assignment]
    sizes = [p for p in ORDER if p in presets and "stage_cpu_seconds_of_median_run" in presets[p]]
    exps: dict[str, dict[str, float]] = report.get("growth", {})  # type: ignore[assignment]
    pairs = list(exps)
    head = [
        "stage",
        *(f"{p}: wall s / CPU s (peak GB)" for p in sizes),
        *(f"exponent {k.replace('->', ' to ')}" for k in pairs),
    ]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    stages: list[str] = []
    for p in sizes:
        for stage in presets[p]["stage_cpu_seconds_of_median_run"]:
            if stage not in stages:
                stages.append(stage)
    stages.sort(key=lambda stage: stage == "total")  # the whole build last
    for stage in stages:
        cells = [stage.replace("_", " ")]
        for p in sizes:
            wall = presets[p]["stage_seconds_of_median_run"].get(stage)
            cpu = presets[p]["stage_cpu_seconds_of_median_run"].get(stage)
            peaks = presets[p].get("stage_peak_rss_mb_of_median_run", {})
            peak = presets[p]["peak_rss_mb"] if stage == "total" else peaks.get(stage)
            text = "" if wall is None else f"{wall:,.0f}" if wall >= 100 else f"{wall:,.1f}"
            text += "" if cpu is None else f" / {cpu:,.0f}" if cpu >= 100 else f" / {cpu:,.1f}"
            cells.append(text + (f" ({peak / 1024:.1f})" if peak else ""))
        cells += [f"{exps[k][stage]:.2f}" if stage in exps[k] else "" for k in pairs]
        lines.append("| " + " | ".join(cells) + " |")
    facts = "; ".join(
        f"{p}: {presets[p]['plays']:,} plays, load average {presets[p].get('load_avg_before')}"
        for p in sizes
    )
    return "\n".join(lines) + f"\n\n{facts}."


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presets", nargs="+", default=["demo"], choices=ORDER)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--table", action="store_true", help="Only print the table of the JSON.")
    args = parser.parse_args()
    if args.table:
        print(table(json.loads(RESULTS.read_text())))
        return
    report: dict[str, object] = {"machine": machine(), "presets": {}}
    if RESULTS.exists():  # keep figures of presets not re-run this time
        report["presets"] = json.loads(RESULTS.read_text()).get("presets", {})
    for preset in args.presets:
        report["presets"][preset] = run_preset(preset, args.repeat)  # type: ignore[index]
        report["growth"] = growth(report["presets"])  # type: ignore[arg-type]
        print(preset, json.dumps(report["presets"][preset]))  # type: ignore[index]
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text(json.dumps(report, indent=2) + "\n")
    print(table(report))


if __name__ == "__main__":
    main()
