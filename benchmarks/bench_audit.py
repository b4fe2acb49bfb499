"""Time the audit: its build stage against the whole build, the fairness page warm, and an
external list of 150,000 rows; record what it found on the planted exposure bias.

The demo preset is generated twice (with every plant, and with ``--no-plants``), each built in
a fresh subprocess with every run stage; the audit stage's time comes from the run's timings.
On the planted warehouse the Popularity & fairness page is rendered with AppTest (once cold,
then ``--repeat`` warm reruns), and a list of the 50 most popular tracks for each of the 3,000
listeners (150,000 rows) is audited with ``soundcheck audit --recommendations``. Results go to
``benchmarks/results/audit.json``::

    python benchmarks/bench_audit.py
    python benchmarks/bench_audit.py --repeat 5 --skip-no-plants
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _machine import machine

RESULTS = Path(__file__).resolve().parent / "results" / "audit.json"

GENERATE = r"""
import sys
from recsys.synth import Plants, SynthConfig, generate_warehouse
plants = Plants() if sys.argv[3] == "plants" else Plants.none()
generate_warehouse(sys.argv[2], SynthConfig.from_preset(sys.argv[1], plants=plants))
"""

BUILD = r"""
import json, sys, time
from recsys import warehouse
from recsys.audit._store import read_figures
from recsys.model.build import build
t0 = time.perf_counter()
result = build(sys.argv[1], model_dir=sys.argv[2])
con = warehouse.open_readonly(sys.argv[1])
f = read_figures(con, result.run_id)
con.close()
gender = f.loc[(f["group_attribute"] == "artist_gender") & (f["name"] == "soundcheck")]
rows = gender.loc[gender["group"] == "female", ["metric", "value", "reference", "ratio",
                                                 "ratio_low", "ratio_high", "verdict"]]
print(json.dumps({
    "seconds": time.perf_counter() - t0,
    "timings": result.timings,
    "female_artists": {r["metric"]: {k: (round(v, 4) if isinstance(v, float) else v)
                                     for k, v in r.items() if k != "metric"}
                       for r in rows.to_dict("records")},
}))
"""

PAGE = r"""
import json, os, sys, time
os.environ["SOUNDCHECK_WAREHOUSE"] = sys.argv[1]
from streamlit.testing.v1 import AppTest
at = AppTest.from_file(sys.argv[2], default_timeout=300).run()
t0 = time.perf_counter()
at = at.switch_page("app_pages/fairness.py").run()
cold = time.perf_counter() - t0
assert not at.exception, at.exception
warm = []
for _ in range(int(sys.argv[3])):
    t0 = time.perf_counter()
    at = at.run()
    warm.append(time.perf_counter() - t0)
print(json.dumps({"cold_seconds": cold, "warm_seconds": warm}))
"""

LIST = r"""
import sys
import duckdb
con = duckdb.connect(sys.argv[1], read_only=True)
con.execute('''
COPY (
    WITH top AS (
        SELECT track_id, row_number() OVER (ORDER BY count(DISTINCT user_id) DESC, track_id) AS r
        FROM listens GROUP BY track_id QUALIFY r <= 50
    )
    SELECT u.user_id AS user, t.track_id AS item, t.r AS rank, 1.0 / t.r AS score
    FROM users AS u CROSS JOIN top AS t ORDER BY u.user_id, t.r
) TO '%s' (HEADER)''' % sys.argv[2].replace("'", "''"))
print(con.execute("SELECT count(*) FROM read_csv($p)", {"p": sys.argv[2]}).fetchall()[0][0])
"""


def _json(args: list[str]) -> dict[str, object]:
    out = subprocess.run(args, check=True, stdout=subprocess.PIPE, text=True)
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def built(tmp: Path, plants: str) -> tuple[Path, dict[str, object]]:
    """Generate the demo preset and build it; the warehouse and what the build reported."""
    path = tmp / f"demo-{plants}.duckdb"
    subprocess.run([sys.executable, "-c", GENERATE, "demo", str(path), plants], check=True)
    return path, _json([sys.executable, "-c", BUILD, str(path), str(tmp / "models")])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5, help="warm page renders")
    parser.add_argument("--skip-no-plants", action="store_true")
    args = parser.parse_args()
    root = Path(__file__).resolve().parents[1]
    out: dict[str, object] = {"machine": machine(), "preset": "demo"}
    with tempfile.TemporaryDirectory() as tmp_name:
        tmp = Path(tmp_name)
        path, planted = built(tmp, "plants")
        timings = planted["timings"]
        assert isinstance(timings, dict)
        out["build"] = {
            "total_seconds": timings["total"],
            "audit_stage_seconds": timings["audit"],
            "audit_share_of_build": round(timings["audit"] / timings["total"], 3),
            "timings": timings,
        }
        page = _json(
            [sys.executable, "-c", PAGE, str(path), str(root / "app.py"), str(args.repeat)]
        )
        warm = page["warm_seconds"]
        assert isinstance(warm, list)
        out["fairness_page"] = {
            "cold_seconds": round(float(page["cold_seconds"]), 2),
            "warm_median_seconds": round(statistics.median(warm), 3),
            "warm_max_seconds": round(max(warm), 3),
            "warm_runs": len(warm),
        }
        lists = tmp / "popular.csv"
        rows = subprocess.run(
            [sys.executable, "-c", LIST, str(path), str(lists)],
            check=True,
            stdout=subprocess.PIPE,
            text=True,
        ).stdout.strip()
        t0 = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "recsys",
                "audit",
                "-w",
                str(path),
                "--recommendations",
                str(lists),
                "--name",
                "most popular",
            ],
            check=True,
            env={**os.environ, "SOUNDCHECK_LOG": "WARNING"},
        )
        out["external_list"] = {
            "rows": int(rows),
            "seconds": round(time.perf_counter() - t0, 2),
            "what": "soundcheck audit --recommendations (read, validate, audit, store), "
            "a fresh process",
        }
        planted_exposure = {"plants": planted["female_artists"]}
        if not args.skip_no_plants:
            _, clean = built(tmp, "no-plants")
            planted_exposure["no_plants"] = clean["female_artists"]
        out["female_artist_exposure"] = planted_exposure
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
