"""The ``soundcheck import`` command: bring real listening data into the warehouse.

Registered by :mod:`recsys.cli` when this module exists. Errors are :class:`SoundcheckError`
subclasses, which the CLI prints as one line and exits with status 1.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from recsys import warehouse

__all__ = ["register"]

log = logging.getLogger(__name__)

_FORMATS_HELP = "spotify, lastfm-1k, hetrec-lastfm, listenbrainz or csv"


def register(app: typer.Typer) -> None:
    """Add the ``import`` command to the ``soundcheck`` app."""
    app.command("import")(import_command)


def import_command(
    fmt: Annotated[str, typer.Argument(metavar="FORMAT", help=f"Input format: {_FORMATS_HELP}.")],
    path: Annotated[
        Path, typer.Argument(help="A file, a folder or a zip archive as the service hands it out.")
    ],
    warehouse_path: Annotated[
        Path,
        typer.Option(
            "--warehouse",
            "-w",
            help="DuckDB warehouse file (default: $SOUNDCHECK_WAREHOUSE or "
            "data/soundcheck.duckdb); created if missing.",
            default_factory=warehouse.default_path,
            show_default=False,
        ),
    ],
    mapping: Annotated[
        Path | None,
        typer.Option("--mapping", help="TOML column mapping for the csv format."),
    ] = None,
    col: Annotated[
        list[str] | None,
        typer.Option(
            "--col",
            help="ROLE=COLUMN for the csv format (repeatable), e.g. --col ts=played_at; "
            "also ts_format=, timezone=, ts_is_end=, delimiter=.",
        ),
    ] = None,
    user: Annotated[
        str | None,
        typer.Option(help="Source user id for single-user exports that name no account."),
    ] = None,
    name: Annotated[
        str | None, typer.Option(help="Dataset name (default: the file or folder name).")
    ] = None,
) -> None:
    """Import listening data: validated, all or nothing, private fields dropped."""
    from recsys.io import import_data, load_mapping

    csv_mapping = None
    if fmt == "csv" or mapping is not None or col:
        csv_mapping = load_mapping(mapping, col or ())
    err = Console(stderr=True)
    with Progress(
        TextColumn("[bold]{task.description:<32}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        TimeElapsedColumn(),
        console=err,
    ) as bar:
        task = bar.add_task("starting", total=1.0)

        def progress(step: str, fraction: float) -> None:
            bar.update(task, description=step, completed=min(max(fraction, 0.0), 1.0))

        summary = import_data(
            warehouse_path,
            fmt,
            path,
            mapping=csv_mapping,
            user=user,
            name=name,
            progress=progress,
        )
    table = Table(
        "file",
        "role",
        "read",
        "kept",
        "left out",
        title=f"{summary.dataset} ({summary.source_format}, {summary.grain} grain)",
    )
    for f in summary.files:
        left = ", ".join(f"{n:,} {reason}" for reason, n in sorted(f.dropped.items())) or "—"
        table.add_row(Text(f.name), f.role, f"{f.read:,}", f"{f.kept:,}", Text(left))
    Console().print(table)
    added = ", ".join(f"{n:,} {t}" for t, n in summary.added.items() if n) or "nothing new"
    note = "" if summary.recorded else " (this content was imported before)"
    err.print(f"[green]added[/green] to {warehouse_path}: {added}{note}", highlight=False)
