"""Time every dashboard page cold and warm on a built warehouse, with its memory and its frames.

Every page of the registry (``recsys.ui.navigation.PAGES``) is served with Streamlit's
``AppTest`` against ``--warehouse`` (through ``SOUNDCHECK_WAREHOUSE``), each in a fresh
process so one page's caches and memory do not leak into the next:

- **cold**: the page's first run with every Streamlit cache empty (``st.cache_data`` and
  ``st.cache_resource`` cleared after the default page's first run, which AppTest needs before
  it can switch pages): the connection opens, the caches fill, page-only imports happen;
- **warm**: the page run again ``--warm`` times with its default widget states (median and
  slowest), which is what a reader waits for on every later visit or rerun;
- **widgets**: each choice widget of the page (segmented controls, select boxes, radios,
  select sliders, toggles; at most ``--options`` other options each) set to another value:
  the first rerun (its caches fill) and a second one (warm), then set back;
- **memory**: the growth of the process's resident memory over the page's runs (peak minus
  the resident size before its cold run; sampled every 10 ms, and ``ru_maxrss`` when that
  moved);
- **frames**: every value a cached accessor of ``recsys.ui`` returns is measured (rows x
  columns of each pandas frame inside it), and so is every query result the page fetches
  from DuckDB (cursors of ``console.cursor``, named by their SQL file, with the seconds from
  execute to fetched); the largest of each is reported, so a page that pulls a big frame
  where an aggregate would do stands out, and the slowest queries of the cold run.

Results go to ``benchmarks/results/pages.json`` under ``--label`` (default: the file's stem;
other labels in the file are kept), with the machine, load averages, the warehouse's size
and row counts and the commit measured::

    python benchmarks/bench_pages.py --warehouse /tmp/pages/demo/demo.duckdb
    python benchmarks/bench_pages.py --warehouse /tmp/pages/medium/medium.duckdb --warm 5

Keep each warehouse in a folder of its own: the sidebar lists (and opens) every warehouse of
the folder, which would otherwise be timed too.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import json
import os
import resource
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _machine import machine

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).resolve().parent / "results" / "pages.json"
BUDGET_S = 2.0
"""The warm time every page must stay under at scale (issue #11)."""

UI_MODULES = (
    "recsys.ui.data",
    "recsys.ui.explain",
    "recsys.ui.audit",
    "recsys.ui.maps",
    "recsys.ui.runs",
)
"""The modules whose ``st.cache_data`` accessors are measured."""

SKIP_LABELS = frozenset({"Warehouse"})
"""Widgets the widget pass leaves alone (the switcher would change the warehouse)."""


# --------------------------------------------------------------------------- child process


class _Rss:
    """The resident size of this process, sampled in a thread to catch the peak between
    two reads; ``ru_maxrss`` covers what the sampler misses."""

    def __init__(self, every_s: float = 0.01) -> None:
        self._page = os.sysconf("SC_PAGE_SIZE")
        self._every = every_s
        self._peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def now(self) -> int:
        with open("/proc/self/statm", encoding="ascii") as fh:
            return int(fh.read().split()[1]) * self._page

    def _run(self) -> None:
        while not self._stop.wait(self._every):
            self._peak = max(self._peak, self.now())

    def reset(self) -> int:
        """Start a new window; returns the resident size now."""
        current = self.now()
        self._peak = current
        return current

    def peak(self) -> int:
        return max(self._peak, self.now())

    def stop(self) -> None:
        self._stop.set()


def _max_rss() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


class _Frames:
    """The frames inside what the cached accessors return, largest first by cells."""

    def __init__(self) -> None:
        self.largest: dict[str, Any] | None = None
        self.calls: dict[str, int] = {}
        self.rows: dict[str, int] = {}

    def record(self, accessor: str, value: Any) -> None:
        import pandas as pd

        self.calls[accessor] = self.calls.get(accessor, 0) + 1
        for frame in _frames_in(value, depth=0):
            rows = len(frame)
            cols = 1 if isinstance(frame, pd.Series) else len(frame.columns)
            self.rows[accessor] = max(self.rows.get(accessor, 0), rows)
            if self.largest is None or rows * cols > self.largest["cells"]:
                self.largest = {
                    "accessor": accessor,
                    "rows": rows,
                    "columns": cols,
                    "cells": rows * cols,
                    "mb_shallow": round(int(frame.memory_usage(deep=False).sum()) / 2**20, 2)
                    if isinstance(frame, pd.DataFrame)
                    else round(frame.memory_usage(deep=False) / 2**20, 2),
                }


def _frames_in(value: Any, depth: int) -> list[Any]:
    """Every pandas frame or series in ``value`` (tuples, lists, dicts, dataclasses)."""
    import pandas as pd

    if depth > 3:
        return []
    if isinstance(value, (pd.DataFrame, pd.Series)):
        return [value]
    if isinstance(value, (tuple, list)):
        return [f for v in value[:50] for f in _frames_in(v, depth + 1)]
    if isinstance(value, dict):
        return [f for v in list(value.values())[:50] for f in _frames_in(v, depth + 1)]
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return [
            f
            for field in dataclasses.fields(value)
            for f in _frames_in(getattr(value, field.name), depth + 1)
        ]
    return []


class _Measured:
    """A cached accessor that hands what it returns to :class:`_Frames` first."""

    def __init__(self, name: str, inner: Any, frames: _Frames) -> None:
        self._name, self._inner, self._frames = name, inner, frames

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        value = self._inner(*args, **kwargs)
        self._frames.record(self._name, value)
        return value

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class _Pulls:
    """The rows every query of the page fetched, by SQL file: what left DuckDB for Python."""

    def __init__(self) -> None:
        self.largest: dict[str, Any] | None = None
        self.rows: dict[str, int] = {}
        self.seconds: dict[str, float] = {}
        self.names: dict[str, str] = {}

    def record(self, text: str | None, rows: int, cols: int, seconds: float = 0.0) -> None:
        name = self.names.get(text or "", "(inline SQL)")
        self.rows[name] = max(self.rows.get(name, 0), rows)
        self.seconds[name] = self.seconds.get(name, 0.0) + seconds
        if self.largest is None or rows * cols > self.largest["cells"]:
            self.largest = {"query": name, "rows": rows, "columns": cols, "cells": rows * cols}


class _Cursor:
    """A warehouse cursor that tells :class:`_Pulls` how many rows each fetch returned."""

    def __init__(self, inner: Any, pulls: _Pulls) -> None:
        self._inner, self._pulls, self._text = inner, pulls, None
        self._started = time.perf_counter()

    def __enter__(self) -> _Cursor:
        return self

    def __exit__(self, *exc: Any) -> None:
        self._inner.close()

    def execute(self, text: str, *args: Any, **kwargs: Any) -> _Cursor:
        self._started = time.perf_counter()
        self._inner.execute(text, *args, **kwargs)
        self._text = text
        return self

    def _cols(self) -> int:
        return len(self._inner.description or ())

    def _record(self, rows: int, cols: int) -> None:
        self._pulls.record(self._text, rows, cols, time.perf_counter() - self._started)

    def df(self, *args: Any, **kwargs: Any) -> Any:
        frame = self._inner.df(*args, **kwargs)
        self._record(len(frame), len(frame.columns))
        return frame

    fetchdf = fetch_df = df

    def fetchall(self) -> Any:
        cols, rows = self._cols(), self._inner.fetchall()
        self._record(len(rows), cols)
        return rows

    def fetchone(self) -> Any:
        row = self._inner.fetchone()
        self._record(0 if row is None else 1, self._cols())
        return row

    def fetchnumpy(self) -> Any:
        out = self._inner.fetchnumpy()
        self._record(len(next(iter(out.values()))) if out else 0, len(out))
        return out

    def arrow(self, *args: Any, **kwargs: Any) -> Any:
        table = self._inner.arrow(*args, **kwargs)
        rows = getattr(table, "num_rows", None)
        if rows is None:  # a record batch reader: read it here to count it
            table = table.read_all()
            rows = table.num_rows
        self._record(rows, table.num_columns)
        return table

    fetch_arrow_table = arrow

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


def _instrument_queries(pulls: _Pulls) -> None:
    """Count what each query of the dashboard fetches: cursors from ``console.cursor`` are
    wrapped, and each SQL file's text is mapped back to its name as it is loaded."""
    from recsys import sql
    from recsys.views import console

    load, make = sql.load, console.cursor

    def named_load(name: str) -> str:
        text = load(name)
        pulls.names[text] = name
        return text

    sql.load = named_load  # type: ignore[assignment]
    console.cursor = lambda con: _Cursor(make(con), pulls)  # type: ignore[assignment]


def _instrument(frames: _Frames) -> list[str]:
    """Wrap every ``st.cache_data`` function of the UI modules; returns their names."""
    import importlib

    from streamlit.runtime.caching.cache_utils import CachedFunc

    wrapped = []
    for module_name in UI_MODULES:
        module = importlib.import_module(module_name)
        for name, obj in list(vars(module).items()):
            if isinstance(obj, CachedFunc):
                label = f"{module_name.removeprefix('recsys.ui.')}.{name}"
                setattr(module, name, _Measured(label, obj, frames))
                wrapped.append(label)
    return wrapped


def _problems(at: Any) -> list[str]:
    out = [str(e.value)[:300] for e in at.exception]
    out += [str(e.value)[:300] for e in at.error]
    return out


def _timed(run: Callable[[], Any], cpu: list[float] | None = None) -> float:
    """Wall seconds of ``run()``; its CPU seconds (every thread) are appended to ``cpu``."""
    c, t = time.process_time(), time.perf_counter()
    run()
    if cpu is not None:
        cpu.append(time.process_time() - c)
    return time.perf_counter() - t


def _picked(widget: Any, option: str) -> None:
    """Make ``widget`` send ``option`` (a formatted option) on the next run.

    AppTest's ``set_value`` wants the widget's value before formatting, which the test does
    not know for a ``format_func`` that is a lookup; the browser sends the formatted option,
    and so does this.
    """
    from streamlit.proto.WidgetStates_pb2 import WidgetState
    from streamlit.testing.v1.element_tree import Radio, Selectbox

    base = type(widget)
    as_string = isinstance(widget, (Selectbox, Radio))

    def state(self: Any) -> WidgetState:
        ws = WidgetState()
        ws.id = self.id
        if as_string:
            ws.string_value = option
        else:
            ws.string_array_value.data[:] = [option]
        return ws

    widget.__class__ = type(f"Picked{base.__name__}", (base,), {"_widget_state": property(state)})


def _widgets(at: Any) -> list[tuple[str, Any]]:
    """The page's choice widgets, main area and sidebar, as (kind, widget)."""
    kinds = ("segmented_control", "pills", "selectbox", "radio", "select_slider", "toggle")
    out = []
    for kind in kinds:
        for widget in getattr(at, kind):
            if getattr(widget, "label", None) in SKIP_LABELS or widget.disabled:
                continue
            out.append((kind, widget))
    return out


def _find(at: Any, kind: str, wid: str) -> Any | None:
    for widget in getattr(at, kind):
        if widget.id == wid:
            return widget
    return None


def _current(kind: str, widget: Any) -> str | None:
    from streamlit.testing.v1.element_tree import Radio, Selectbox

    if kind == "toggle":
        return None
    if isinstance(widget, (Selectbox, Radio)):
        idx = widget.index
        return None if idx is None else str(widget.options[idx])
    values = list(widget.formatted_values) if kind != "select_slider" else None
    if values:
        return str(values[0])
    if kind == "select_slider":
        try:
            return str(widget.options[widget.options.index(str(widget.value))])
        except ValueError:
            return None
    return None


def _widget_pass(at: Any, options: int, max_widgets: int) -> list[dict[str, Any]]:
    """Set each choice widget to up to ``options`` other values; time the first and second
    rerun of each, and set it back."""
    results: list[dict[str, Any]] = []
    for kind, listed in _widgets(at)[:max_widgets]:
        wid, label = listed.id, str(getattr(listed, "label", ""))
        widget = _find(at, kind, wid)  # the tree of the latest run: earlier passes rerun it
        if widget is None:
            continue
        try:
            original = _current(kind, widget)
        except KeyError:  # a widget the latest run did not draw again
            continue
        if kind == "toggle":
            choices: list[Any] = [not widget.value]
        else:
            others = [o for o in widget.options if o != original]
            # a long list (artists, listeners): its first entries are as good as any
            choices = others[:options]
        for choice in choices:
            target = _find(at, kind, wid)
            if target is None:
                break
            if kind == "toggle":
                target.set_value(choice)
            else:
                _picked(target, str(choice))
            first = _timed(at.run)
            second = _timed(at.run)
            results.append(
                {
                    "widget": f"{kind}: {label}",
                    "value": str(choice)[:60],
                    "first_s": round(first, 3),
                    "warm_s": round(second, 3),
                    "problems": _problems(at),
                }
            )
        target = _find(at, kind, wid)
        if target is not None:
            if kind == "toggle":
                target.set_value(not choices[0] if choices else widget.value)
            elif original is not None:
                _picked(target, original)
            at.run()
    return results


def child(page_path: str, warm: int, options: int, max_widgets: int) -> dict[str, Any]:
    """Measure one page in this (fresh) process; returns its figures."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest

    frames, pulls = _Frames(), _Pulls()
    wrapped = _instrument(frames)
    _instrument_queries(pulls)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=900)
    at.run()  # AppTest switches pages only after a first run (of the default page)
    st.cache_data.clear()
    st.cache_resource.clear()
    frames.__init__()  # type: ignore[misc]
    pulls.largest, pulls.rows, pulls.seconds = None, {}, {}
    gc.collect()
    rss = _Rss()
    before, max_before = rss.reset(), _max_rss()
    at.switch_page(page_path)
    cpu: list[float] = []
    cold = _timed(at.run, cpu)
    problems = _problems(at)
    frames_cold = dict(frames.rows)
    query_seconds_cold = dict(pulls.seconds)
    times = [_timed(at.run, cpu) for _ in range(warm)]
    problems += [p for p in _problems(at) if p not in problems]
    passes = _widget_pass(at, options, max_widgets) if max_widgets else []
    peak = rss.peak()
    if _max_rss() > max_before:
        peak = max(peak, _max_rss())
    after = rss.now()
    rss.stop()
    return {
        "cold_s": round(cold, 3),
        "warm_median_s": round(statistics.median(times), 3) if times else None,
        "warm_max_s": round(max(times), 3) if times else None,
        "warm_runs": len(times),
        "cold_cpu_s": round(cpu[0], 3),
        "warm_cpu_median_s": round(statistics.median(cpu[1:]), 3) if times else None,
        "rss_growth_mb": round((peak - before) / 2**20, 1),
        "rss_kept_mb": round((after - before) / 2**20, 1),
        "largest_frame": frames.largest,
        "accessor_rows_cold": dict(sorted(frames_cold.items(), key=lambda kv: -kv[1])[:8]),
        "largest_query_result": pulls.largest,
        "query_rows": dict(sorted(pulls.rows.items(), key=lambda kv: -kv[1])[:8]),
        "slowest_queries_cold_s": {
            k: round(v, 3) for k, v in sorted(query_seconds_cold.items(), key=lambda kv: -kv[1])[:6]
        },
        "widgets": passes,
        "widget_first_max_s": max((p["first_s"] for p in passes), default=None),
        "widget_warm_max_s": max((p["warm_s"] for p in passes), default=None),
        "problems": problems,
        "accessors_measured": len(wrapped),
    }


# --------------------------------------------------------------------------- parent process


def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def _commit() -> str | None:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError):
        return None
    return out.stdout.strip()


def warehouse_facts(path: Path) -> dict[str, Any]:
    """Size, row counts of the canonical tables and of the build outputs the pages read."""
    from recsys import warehouse
    from recsys.schema import STATS_TABLES

    outputs = (
        "runs",
        "candidates",
        "recommendations",
        "explain_users",
        "explain_candidates",
        "map_points",
        "map_months",
        "audit_figures",
    )
    con = warehouse.open_readonly(path)
    try:
        counts = warehouse.row_counts(con, tuple(STATS_TABLES))
        for table in outputs:  # names from the fixed tuple above
            if warehouse.table_exists(con, table):
                counts[table] = con.execute(f'SELECT count(*) FROM "{table}"').fetchall()[0][0]
    finally:
        con.close()
    return {
        "path": str(path),
        "size_mb": round(path.stat().st_size / 2**20, 1),
        "rows": counts,
    }


def run_page(path: Path, page: str, args: argparse.Namespace) -> dict[str, Any]:
    """One page in a fresh process."""
    env = os.environ | {"SOUNDCHECK_WAREHOUSE": str(path)}
    cmd = [
        sys.executable,
        str(Path(__file__).resolve()),
        "--child",
        page,
        "--warm",
        str(args.warm),
        "--options",
        str(args.options),
        "--max-widgets",
        str(args.max_widgets),
    ]
    t = time.perf_counter()
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=ROOT)
    wall = time.perf_counter() - t
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith("{")]
    if done.returncode != 0 or not lines:
        return {"failed": done.stderr.strip().splitlines()[-5:], "process_s": round(wall, 1)}
    result: dict[str, Any] = json.loads(lines[-1])
    result["process_s"] = round(wall, 1)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", type=Path, help="a built warehouse (read only)")
    parser.add_argument("--label", help="the results entry (default: the file's stem)")
    parser.add_argument("--warm", type=int, default=5, help="warm runs per page")
    parser.add_argument("--options", type=int, default=2, help="other values per widget")
    parser.add_argument("--max-widgets", type=int, default=8, help="widgets per page (0: none)")
    parser.add_argument("--pages", nargs="*", help="only these page titles")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(args.child, args.warm, args.options, args.max_widgets)))
        return
    if args.warehouse is None:
        parser.error("--warehouse is required")
    from recsys.ui.navigation import PAGES

    path = args.warehouse.resolve()
    label = args.label or path.stem
    entry: dict[str, Any] = {
        "commit": _commit(),
        "machine": machine(),
        "load_average_start": _load(),
        "warehouse": warehouse_facts(path),
        "how": "AppTest in process, one fresh process per page; cold: every Streamlit cache "
        "cleared after the default page's first run; warm: reruns with default widgets; "
        "*_cpu_s: CPU seconds of the process (all threads), less sensitive to other load",
        "budget_warm_s": BUDGET_S,
        "pages": {},
    }
    for spec in PAGES:
        if args.pages and spec.title not in args.pages:
            continue
        print(f"{spec.title} ...", file=sys.stderr, flush=True)
        result = run_page(path, spec.path, args)
        entry["pages"][spec.title] = result
        print(f"  {_line(spec.title, result)}", file=sys.stderr, flush=True)
    entry["load_average_end"] = _load()
    entry["over_budget"] = [
        title
        for title, r in entry["pages"].items()
        if "failed" in r
        or (r.get("warm_median_s") or 0) > BUDGET_S
        or (r.get("widget_warm_max_s") or 0) > BUDGET_S
    ]
    report = json.loads(RESULTS.read_text()) if RESULTS.is_file() else {}
    if args.pages and label in report:  # a partial run updates the pages it measured
        kept = report[label].get("pages", {})
        entry["pages"] = kept | entry["pages"]
    report[label] = entry
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2) + "\n")
    print(table(entry))


def _line(title: str, r: dict[str, Any]) -> str:
    if "failed" in r:
        return f"{title}: failed: {r['failed']}"
    frame = r.get("largest_frame") or {}
    return (
        f"cold {r['cold_s']:.2f} s, warm {r['warm_median_s']:.2f} s, widgets first/warm "
        f"{r.get('widget_first_max_s')}/{r.get('widget_warm_max_s')} s, "
        f"+{r['rss_growth_mb']} MB, largest {frame.get('rows')}x{frame.get('columns')} "
        f"({frame.get('accessor')}), fetched {_pull(r)}{' PROBLEMS' if r['problems'] else ''}"
    )


def _pull(r: dict[str, Any]) -> str:
    pull = r.get("largest_query_result")
    return f"{pull['rows']:,} x {pull['columns']} ({pull['query']})" if pull else "none"


def table(entry: dict[str, Any]) -> str:
    """The entry as a Markdown table."""
    rows = [
        "| page | cold s (CPU) | warm s (CPU), median | widget first / warm s, max | RSS + MB | "
        "largest cached frame (accessor) | largest fetch (query) |",
        "|---|---|---|---|---|---|---|",
    ]
    for title, r in entry["pages"].items():
        if "failed" in r:
            rows.append(f"| {title} | failed | | | | | |")
            continue
        frame = r.get("largest_frame") or {}
        largest = (
            f"{frame['rows']:,} x {frame['columns']} ({frame['accessor']})" if frame else "none"
        )
        rows.append(
            f"| {title} | {r['cold_s']:.2f} ({r['cold_cpu_s']:.2f}) | "
            f"{r['warm_median_s']:.2f} ({r['warm_cpu_median_s']:.2f}) | "
            f"{r.get('widget_first_max_s')} / {r.get('widget_warm_max_s')} | "
            f"{r['rss_growth_mb']} | {largest} | {_pull(r)} |"
        )
    return "\n".join(rows)


if __name__ == "__main__":
    main()
