"""Time fit + recommend of every candidate generator on a demo-sized synthetic matrix.

The data: 3,000 users x 30,000 items, 1.5M events over a year, Zipf item popularity and
log-normal user activity (seeded). Each generator runs in a fresh subprocess (so its peak
memory is its own), fits ``--runs`` times and recommends ``--k`` items to every user after
each fit; the medians go to ``benchmarks/results/candidates.json``::

    python benchmarks/bench_candidates.py
    python benchmarks/bench_candidates.py --runs 1 --only item_knn als
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _machine import machine

log = logging.getLogger("bench_candidates")

RESULTS = Path(__file__).resolve().parent / "results" / "candidates.json"


def _ease_variant(top_items: int | None, name: str) -> Any:
    from recsys.model.candidates import EASE

    return EASE(regularization=500.0, top_items=top_items, name=name)


VARIANTS: dict[str, Callable[[], Any]] = {
    "ease_full": partial(_ease_variant, None, "ease_full"),
    "ease_top10000": partial(_ease_variant, 10_000, "ease_top10000"),
}
"""Configurations a build does not use, timed beside the registered generators."""


def candidates() -> dict[str, Callable[[], Any]]:
    """Every registered generator as a build configures it, then the extra variants."""
    from recsys.model import registry

    return {g.name: g.make for g in registry.GENERATORS} | VARIANTS


def make_data(n_users: int, n_items: int, n_events: int, seed: int = 7) -> Any:
    """Seeded events: Zipf(1) item popularity, log-normal user activity, uniform times."""
    import numpy as np
    import pandas as pd

    rng = np.random.default_rng(seed)
    pop = 1.0 / np.arange(1, n_items + 1)
    pop /= pop.sum()
    activity = rng.lognormal(0.0, 1.0, n_users)
    activity /= activity.sum()
    items = rng.permutation(n_items)[rng.choice(n_items, n_events, p=pop)]
    seconds = rng.integers(0, 365 * 86_400, n_events)
    return pd.DataFrame(
        {
            "user_id": rng.choice(n_users, n_events, p=activity),
            "item_id": items,
            "ts": pd.Timestamp("2025-11-01") + pd.to_timedelta(seconds, unit="s"),
        }
    )


def child(name: str, args: argparse.Namespace) -> dict[str, Any]:
    """Run one generator ``args.runs`` times in this process; return its measurements."""
    import resource

    import numpy as np

    from recsys.model.candidates import GeneratorSkippedError

    make = candidates()[name]

    data = make_data(args.users, args.items, args.events)
    users = np.arange(args.users)
    base_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    fit_s, reco_s, rows = [], [], 0
    skipped = None
    for _ in range(args.runs):
        gen = make()
        t0 = time.perf_counter()
        try:
            gen.fit(data)
        except GeneratorSkippedError as exc:
            fit_s.append(time.perf_counter() - t0)
            skipped = exc.reason
            continue
        fit_s.append(time.perf_counter() - t0)
        t0 = time.perf_counter()
        rows = len(gen.recommend(users, args.k))
        reco_s.append(time.perf_counter() - t0)
    return {
        "fit_s": round(statistics.median(fit_s), 3),
        "recommend_s": round(statistics.median(reco_s), 3) if reco_s else None,
        "total_s": round(
            statistics.median(fit_s) + (statistics.median(reco_s) if reco_s else 0), 3
        ),
        "fit_runs_s": [round(x, 3) for x in fit_s],
        "recommend_runs_s": [round(x, 3) for x in reco_s],
        "rows": rows,
        "skipped": skipped,
        "data_rss_mb": round(base_rss),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }


def union_child(args: argparse.Namespace) -> dict[str, Any]:
    """Time the union of the registered generators (fitted once) at ``k`` per generator."""
    import numpy as np

    from recsys.model import registry
    from recsys.model.candidates import fit_generators, union_candidates

    data = make_data(args.users, args.items, args.events)
    gens = [g.make() for g in registry.GENERATORS]
    fitted, skipped = fit_generators(gens, data)
    times, size = [], 0
    for _ in range(args.runs):
        t0 = time.perf_counter()
        union = union_candidates(fitted, np.arange(args.users), args.k)
        times.append(time.perf_counter() - t0)
        size = len(union)
    return {
        "union_s": round(statistics.median(times), 3),
        "runs_s": [round(x, 3) for x in times],
        "rows": size,
        "candidates_per_user": round(size / args.users, 1),
        "generators": [g.name for g in fitted],
        "skipped": skipped,
    }


def run_in_subprocess(name: str, args: argparse.Namespace) -> dict[str, Any]:
    """Run ``name`` (a generator or ``union``) in a fresh interpreter."""
    cmd = [sys.executable, __file__, "--child", name]
    for flag in ("runs", "k", "users", "items", "events"):
        cmd += [f"--{flag}", str(getattr(args, flag))]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--k", type=int, default=100)
    parser.add_argument("--users", type=int, default=3_000)
    parser.add_argument("--items", type=int, default=30_000)
    parser.add_argument("--events", type=int, default=1_500_000)
    parser.add_argument("--only", nargs="+", default=[*candidates(), "union"])
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        result = union_child(args) if args.child == "union" else child(args.child, args)
        sys.stdout.write(json.dumps(result) + "\n")
        return

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    data = make_data(args.users, args.items, args.events)
    pairs = int(data[["user_id", "item_id"]].drop_duplicates().shape[0])
    report: dict[str, Any] = {
        "machine": machine() | {"load_avg_before": os.getloadavg()},
        "data": {
            "users": args.users,
            "items": args.items,
            "events": args.events,
            "distinct_pairs": pairs,
            "zipf_exponent": 1.0,
            "seed": 7,
        },
        "runs": args.runs,
        "k": args.k,
        "generators": {},
    }
    del data
    for name in args.only:
        log.info("timing %s ...", name)
        result = run_in_subprocess(name, args)
        if name == "union":
            report["union"] = result
        else:
            report["generators"][name] = result
        log.info("  %s", result)
    report["machine"]["load_avg_after"] = os.getloadavg()
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")
    log.info("wrote %s", RESULTS)


if __name__ == "__main__":
    main()
