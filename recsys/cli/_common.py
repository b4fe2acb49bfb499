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

__all__ = ["WarehouseOpt", "err", "progress_bar", "resolve_warehouse"]

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
