"""``soundcheck generate``, ``stats`` and ``app``: demo data, row counts, the dashboard."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from recsys import warehouse
from recsys.cli._common import WarehouseOpt, err, progress_bar, resolve_warehouse
from recsys.errors import SoundcheckError

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    """Add the data commands to the ``soundcheck`` app."""
    app.command()(generate)
    app.command()(stats)
    app.command("app")(serve)


def generate(
    preset: Annotated[str, typer.Option(help="Size: tiny, demo, medium or large.")] = "demo",
    warehouse_path: WarehouseOpt = None,
    seed: Annotated[int, typer.Option(help="Seed of every random draw.")] = 42,
    plants: Annotated[
        bool,
        typer.Option("--plants/--no-plants", help="Plant the known effects (default) or none."),
    ] = True,
) -> None:
    """Generate a synthetic listening warehouse with planted, recorded truth."""
    from recsys.synth import Plants, SynthConfig, generate_warehouse

    path = resolve_warehouse(warehouse_path)
    config = SynthConfig.from_preset(
        preset, seed=seed, plants=Plants() if plants else Plants.none()
    )
    with progress_bar() as progress:
        counts = generate_warehouse(path, config, progress=progress)
    err.print(f"[green]wrote[/green] {path}: " + ", ".join(f"{n:,} {t}" for t, n in counts.items()))


def stats(
    warehouse_path: WarehouseOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Row counts of the canonical tables and the time span of the listens."""
    from recsys.schema import STATS_TABLES

    path = resolve_warehouse(warehouse_path)
    con = warehouse.open_readonly(path)
    try:
        result: dict[str, Any] = dict(warehouse.row_counts(con, STATS_TABLES))
        first, last = con.execute("SELECT min(ts), max(ts) FROM listens").fetchone() or (None, None)
        result["first_listen"] = first.isoformat() if first else None
        result["last_listen"] = last.isoformat() if last else None
        result["data_version"] = warehouse.data_version(con)
    finally:
        con.close()
    if as_json:
        typer.echo(json.dumps(result))
        return
    from rich.table import Table

    table = Table("table", "rows", title=str(path))
    for key, value in result.items():
        table.add_row(key, f"{value:,}" if isinstance(value, int) else str(value))
    Console().print(table)


def serve(
    warehouse_path: WarehouseOpt = None,
    port: Annotated[int, typer.Option(help="Port to serve on.")] = 8501,
) -> None:
    """Serve the dashboard on http://localhost:PORT for the given warehouse."""
    entry = Path(__file__).resolve().parents[2] / "app.py"
    if not entry.is_file():
        raise SoundcheckError(
            f"dashboard entry point {entry} not found: run `soundcheck app` from a source checkout"
        )
    path = resolve_warehouse(warehouse_path)
    if not path.is_file():
        err.print(f"no warehouse at {path} yet: the dashboard will offer to generate one")
    env = {**os.environ, "SOUNDCHECK_WAREHOUSE": str(path.resolve())}
    cmd = [
        sys.executable, "-m", "streamlit", "run", str(entry), "--server.port", str(port),
        "--browser.gatherUsageStats", "false",  # also outside the checkout's .streamlit/
        "--server.enableStaticServing", "true",  # static/: the charts' Plotly bundle
    ]  # fmt: skip
    raise typer.Exit(subprocess.call(cmd, env=env))
