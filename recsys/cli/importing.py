"""The ``soundcheck import`` command: bring real listening data into the warehouse.

The warehouse is created if missing. Errors are :class:`SoundcheckError` subclasses, which the
CLI prints as one line and exits with status 1.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from recsys.cli._common import WarehouseOpt, err, progress_bar, resolve_warehouse

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
    warehouse_path: WarehouseOpt = None,
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
    target = resolve_warehouse(warehouse_path)
    with progress_bar() as progress:
        summary = import_data(
            target,
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
    err.print(f"[green]added[/green] to {target}: {added}{note}", highlight=False)
