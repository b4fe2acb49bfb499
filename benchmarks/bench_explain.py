"""Measure the explanations wing on ``demo``: build cost, storage, SHAP speed and faithfulness.

A ``demo`` warehouse is generated in a temporary folder and built once in a fresh process
with the explanations stage as the only run stage (other wings' stages are measured by their
own benchmarks), then:

- build: the ``explain`` stage's seconds against the run's total (from the run's timings);
- storage: the warehouse copied table by table with and without the ``explain_*`` tables;
- SHAP: LightGBM ``pred_contrib`` against ``shap.TreeExplainer`` on the same rows (time and
  largest difference), from the run's saved booster;
- a listener's top 20 explained warm (connection open, booster loaded): the library call, and
  the User explorer's rerun after picking another recommendation (AppTest, in process);
- reasons against the planted truth (share citing a true top-3 sub-genre vs a random one).

Results go to ``benchmarks/results/explain.json`` with the machine's size and load::

    python benchmarks/bench_explain.py
    python benchmarks/bench_explain.py --warehouse /tmp/demo.duckdb   # reuse a built warehouse
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
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _machine import machine

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).resolve().parent / "results" / "explain.json"

GENERATE = r"""
import sys
from recsys.synth import SynthConfig, generate_warehouse
generate_warehouse(sys.argv[1], SynthConfig.from_preset("demo"))
"""

BUILD = r"""
import json, sys
from recsys.model import stages
from recsys.model.build import build
stages.RUN_STAGES = tuple(s for s in stages.RUN_STAGES if s.name == "explain")
result = build(sys.argv[1], model_dir=sys.argv[2])
print(json.dumps({"run_id": result.run_id, "timings": result.timings}))
"""


def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def _ms(seconds: list[float]) -> dict[str, float]:
    ordered = sorted(seconds)
    return {
        "median_ms": round(1000 * statistics.median(ordered), 1),
        "p90_ms": round(1000 * ordered[int(0.9 * (len(ordered) - 1))], 1),
        "runs": len(ordered),
    }


def build_demo(folder: Path) -> Path:
    """Generate and build ``demo`` in ``folder``; returns the warehouse path."""
    path = folder / "demo.duckdb"
    subprocess.run([sys.executable, "-c", GENERATE, str(path)], check=True)
    subprocess.run(
        [sys.executable, "-c", BUILD, str(path), str(folder / "models")],
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    return path


def build_cost(con: Any, run_id: str) -> dict[str, Any]:
    timings = json.loads(
        con.execute("SELECT timings FROM runs WHERE run_id = $r", {"r": run_id}).fetchall()[0][0]
    )
    stage, total = timings.get("explain", float("nan")), timings["total"]
    return {
        "explain_stage_s": stage,
        "build_total_s": total,
        "share_of_build": round(stage / total, 4),
        "added_to_build_without_it": round(stage / (total - stage), 4),
        "timings": timings,
    }


def storage(path: Path, folder: Path) -> dict[str, Any]:
    """The warehouse copied into fresh files with and without the explanation tables."""
    import duckdb

    sizes, rows = {}, {}
    for name, keep_explain in (("with", True), ("without", False)):
        target = folder / f"copy-{name}.duckdb"
        target.unlink(missing_ok=True)
        con = duckdb.connect(str(target))
        literal = str(path).replace("'", "''")
        con.execute(f"ATTACH '{literal}' AS src (READ_ONLY)")  # a path we made, not user input
        tables = [
            t
            for (t,) in con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE database_name = 'src' ORDER BY 1"
            ).fetchall()
        ]
        for table in tables:
            if table.startswith("explain_") and not keep_explain:
                continue
            con.execute(f'CREATE TABLE "{table}" AS FROM src."{table}"')  # names from the catalog
            if table.startswith("explain_") and keep_explain:
                rows[table] = con.execute(f'SELECT count(*) FROM "{table}"').fetchall()[0][0]
        con.execute("DETACH src")
        con.execute("CHECKPOINT")
        con.close()
        sizes[name] = target.stat().st_size / 2**20
        target.unlink()
    return {
        "warehouse_mb_with_explanations": round(sizes["with"], 1),
        "warehouse_mb_without_explanations": round(sizes["without"], 1),
        "explanations_mb_added": round(sizes["with"] - sizes["without"], 1),
        "rows": rows,
    }


def shap_speed(con: Any, info: Any, n_rows: int = 2000) -> dict[str, Any]:
    import numpy as np
    import shap

    from recsys.explain import load_ranker, sample

    ranker = load_ranker(info)
    _, values = sample(con, info)
    x = values[list(info.features)].to_numpy(np.float32)[:n_rows]
    t = time.perf_counter()
    native = ranker.booster.predict(x, pred_contrib=True)
    native_s = time.perf_counter() - t
    t = time.perf_counter()
    explainer = shap.TreeExplainer(ranker.booster)
    build_s = time.perf_counter() - t
    t = time.perf_counter()
    theirs = np.asarray(explainer.shap_values(x))
    shap_s = time.perf_counter() - t
    return {
        "rows": len(x),
        "trees": ranker.best_iteration,
        "pred_contrib_s": round(native_s, 3),
        "pred_contrib_ms_per_row": round(1000 * native_s / len(x), 3),
        "tree_explainer_build_s": round(build_s, 3),
        "tree_explainer_s": round(shap_s, 3),
        "tree_explainer_ms_per_row": round(1000 * shap_s / len(x), 3),
        "max_abs_difference": float(np.abs(theirs - native[:, :-1]).max()),
        "additivity_max_error": float(np.abs(native.sum(axis=1) - ranker.booster.predict(x)).max()),
    }


def warm_listener(con: Any, info: Any, n_users: int = 40) -> dict[str, Any]:
    from recsys.explain import explain_top, load_listener, load_ranker

    ranker = load_ranker(info)
    users = con.execute(
        "SELECT user_id FROM explain_users WHERE run_id = $r ORDER BY hash(user_id) LIMIT $n",
        {"r": info.run_id, "n": n_users},
    ).df()["user_id"]
    explain_top(con, load_listener(con, info, int(users.iloc[0])), ranker, 20)  # warm-up
    full, only, cpu = [], [], []
    for user in users:
        c0, t0 = time.process_time(), time.perf_counter()
        listener = load_listener(con, info, int(user))
        t1 = time.perf_counter()
        explain_top(con, listener, ranker, 20)
        t2 = time.perf_counter()
        full.append(t2 - t0)
        only.append(t2 - t1)
        cpu.append(time.process_time() - c0)
    return {
        "listener_read_and_top20_explained": _ms(full),
        "top20_explained_listener_read": _ms(only),
        "cpu_of_read_and_explain": _ms(cpu),
    }


def explorer_rerun(path: Path, user: int, picks: int = 6) -> dict[str, Any]:
    """AppTest: open the User explorer on a listener, then time reruns after each pick."""
    os.environ["SOUNDCHECK_WAREHOUSE"] = str(path)
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=300)
    at.query_params["user"] = str(user)
    at.run()
    t = time.perf_counter()
    at.switch_page("app_pages/user_explorer.py").run()
    first = time.perf_counter() - t
    times = []
    for i in range(1, picks + 1):
        (box,) = [s for s in at.selectbox if s.label == "Recommendation to explain"]
        box.select_index(i)
        t = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - t)
        if at.exception:
            raise RuntimeError(str(at.exception))
    return {
        "first_open_s": round(first, 2),
        "rerun_after_pick": _ms(times),
        "how": "AppTest in process: script run time of each rerun after selecting another "
        "recommendation (cached explanation, figures rebuilt)",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", type=Path, help="a built demo warehouse to reuse")
    args = parser.parse_args()
    from recsys import warehouse
    from recsys.explain import reason_faithfulness, resolve_run

    report: dict[str, Any] = {"machine": machine(), "load_average_start": _load()}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = args.warehouse or build_demo(folder)
        con = warehouse.open_readonly(path)
        try:
            info = resolve_run(con)
            report["run_id"] = info.run_id
            report["build"] = build_cost(con, info.run_id)
            report["storage"] = storage(path, folder)
            report["shap"] = shap_speed(con, info)
            report["warm_top20"] = warm_listener(con, info)
            faith = reason_faithfulness(con, info)
            report["faithfulness"] = {
                "taste_reasons_in_true_top3": round(faith.reasons, 4),
                "random_history_sub_genre_in_true_top3": round(faith.random, 4),
                "taste_reasons": faith.n_reasons,
                "listeners": faith.n_listeners,
            }
            user = int(con.execute(sql_first_user(), {"r": info.run_id}).fetchall()[0][0])
        finally:
            con.close()
        report["explorer"] = explorer_rerun(path, user)
    report["load_average_end"] = _load()
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")
    print(json.dumps(report, indent=2))


def sql_first_user() -> str:
    """The most active listener of the run (the explorer opens on them)."""
    return "SELECT user_id FROM explain_users WHERE run_id = $r ORDER BY plays DESC LIMIT 1"


if __name__ == "__main__":
    main()
