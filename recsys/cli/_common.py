"""What every command shares: the ``--warehouse`` option, the error console, the progress bar."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

from recsys import warehouse

__all__ = [
    "MemoryLimitOpt",
    "TempDirOpt",
    "WarehouseOpt",
    "err",
    "limits",
    "progress_bar",
    "resolve_warehouse",
]

err = Console(stderr=True, soft_wrap=True)
"""Messages, progress and errors go to stderr; stdout carries only results (tables, JSON)."""

WarehouseOpt = Annotated[
    Path | None,
    typer.Option(
        "--warehouse",
        "-w",
        help="DuckDB warehouse file (default: $SOUNDCHECK_WAREHOUSE or data/soundcheck.duckdb).",
        show_default=False,
    ),
]
"""The ``--warehouse`` option every command takes."""


MemoryLimitOpt = Annotated[
    str | None,
    typer.Option(
        "--memory-limit",
        help="DuckDB's memory limit, e.g. 4GB; beyond it DuckDB spills to disk "
        "(default: $SOUNDCHECK_MEMORY_LIMIT or 40% of the machine's memory).",
        show_default=False,
    ),
]
"""The ``--memory-limit`` option of the commands that write a warehouse."""

TempDirOpt = Annotated[
    Path | None,
    typer.Option(
        "--temp-dir",
        help="Folder DuckDB spills to (default: $SOUNDCHECK_TEMP_DIR or beside the warehouse).",
        show_default=False,
    ),
]
"""The ``--temp-dir`` option of the commands that write a warehouse."""


def limits(memory_limit: str | None, temp_dir: Path | None) -> warehouse.Limits:
    """The DuckDB limits the options give, the environment's defaults for what they leave out."""
    default = warehouse.Limits.default()
    try:
        return warehouse.Limits(memory_limit or default.memory_limit, temp_dir or default.temp_dir)
    except ValueError as exc:
        raise typer.BadParameter(str(exc), param_hint="--memory-limit") from None


def resolve_warehouse(path: Path | None) -> Path:
    """The ``--warehouse`` option's value, or the default location."""
    return path if path is not None else warehouse.default_path()


@contextmanager
def progress_bar() -> Iterator[Callable[[str, float], None]]:
    """A Rich progress bar on stderr, exposed as a ``progress(step, fraction)`` callback.

    When the work fails the bar is hidden, so the command's error stays its only output line.
    """
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

        try:
            yield update
        except BaseException:
            bar.update(task, visible=False)  # the error alone is the last word, not a bar
            bar.live.transient = True
            raise
        bar.update(task, description="done", completed=1.0)
