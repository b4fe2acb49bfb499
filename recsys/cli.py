"""The ``soundcheck`` command-line tool (also ``python -m recsys``).

Every command takes ``--warehouse`` (default: ``$SOUNDCHECK_WAREHOUSE`` or
``data/soundcheck.duckdb``). Errors Soundcheck raises on purpose are printed as one line,
without a traceback, and the command exits with status 1.
"""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from recsys import warehouse
from recsys.errors import SoundcheckError

__all__ = ["app", "main"]

log = logging.getLogger(__name__)

app = typer.Typer(
    name="soundcheck",
    help="Audit and explain a music recommender.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, soft_wrap=True)

WarehouseOpt = Annotated[
    Path | None,
    typer.Option(
        "--warehouse",
        "-w",
        help="DuckDB warehouse file (default: $SOUNDCHECK_WAREHOUSE or data/soundcheck.duckdb).",
        show_default=False,
    ),
]


def resolve_warehouse(path: Path | None) -> Path:
    """The ``--warehouse`` option's value, or the default location."""
    return path if path is not None else warehouse.default_path()


@contextmanager
def progress_bar() -> Iterator[Callable[[str, float], None]]:
    """A Rich progress bar on stderr, exposed as a ``progress(step, fraction)`` callback."""
    with Progress(
        TextColumn("[bold]{task.description:<32}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeElapsedColumn(),
        console=err,
        transient=False,
    ) as bar:
        task = bar.add_task("starting", total=1.0)

        def update(step: str, fraction: float) -> None:
            bar.update(task, description=step, completed=min(max(fraction, 0.0), 1.0))

        yield update
        bar.update(task, description="done", completed=1.0)


@app.command()
def generate(
    preset: Annotated[str, typer.Option(help="Size: tiny, demo or large.")] = "demo",
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


@app.command()
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


@app.command("app")
def serve(
    warehouse_path: WarehouseOpt = None,
    port: Annotated[int, typer.Option(help="Port to serve on.")] = 8501,
) -> None:
    """Serve the dashboard on http://localhost:PORT for the given warehouse."""
    entry = Path(__file__).resolve().parents[1] / "app.py"
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
    ]  # fmt: skip
    raise typer.Exit(subprocess.call(cmd, env=env))


def _register_commands() -> None:
    """Commands that live in their own modules (they import this one for the shared options)."""
    from recsys import cli_import, cli_model

    cli_import.register(app)
    cli_model.register(app)


_register_commands()


def main() -> None:
    """Run the CLI, turning Soundcheck's own errors into one line and exit status 1."""
    logging.basicConfig(level=os.environ.get("SOUNDCHECK_LOG", "WARNING"))
    try:
        app(standalone_mode=False)
    except SoundcheckError as exc:
        err.print(f"[red]error:[/red] {exc}", highlight=False)
        sys.exit(1)
    except ValueError as exc:  # invalid option values (e.g. an unknown preset)
        err.print(f"[red]error:[/red] {exc}", highlight=False)
        sys.exit(2)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        err.print("aborted")
        sys.exit(130)
    except Exception as exc:  # click usage errors arrive here in non-standalone mode
        import click

        if isinstance(exc, click.ClickException):
            exc.show()
            sys.exit(exc.exit_code)
        raise
