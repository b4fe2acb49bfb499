"""``soundcheck datasets``: list the datasets of a warehouse, and remove one.

``soundcheck datasets [--json]`` lists every dataset with the rows it holds;
``soundcheck datasets remove NAME [--yes]`` removes one (by name or number) with what only it
used, all or nothing, after saying what will be deleted and asking y/N. Without a terminal to
ask on, ``--yes`` is required.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from recsys import warehouse
from recsys.cli._common import WarehouseOpt, err, progress_bar, resolve_warehouse
from recsys.errors import DataError

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    """Add the ``datasets`` command group to the ``soundcheck`` app."""
    group = typer.Typer(
        help="List the datasets of the warehouse, or remove one.",
        invoke_without_command=True,
        no_args_is_help=False,
    )
    group.callback()(datasets)
    group.command("remove")(remove)
    app.add_typer(group, name="datasets")


def datasets(
    ctx: typer.Context,
    warehouse_path: WarehouseOpt = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """List the datasets of the warehouse: name, format, grain, when, and the rows each holds."""
    if ctx.invoked_subcommand is not None:
        return
    from recsys.io import list_datasets, untracked_rows

    path = resolve_warehouse(warehouse_path)
    con = warehouse.open_readonly(path)
    try:
        frame = list_datasets(con)
        untracked = untracked_rows(con)
    finally:
        con.close()
    records: list[dict[str, Any]] = [
        {
            "dataset_id": int(r["dataset_id"]),
            "name": str(r["name"]),
            "source_format": str(r["source_format"]),
            "grain": str(r["grain"]),
            "imported_at": r["imported_at"].isoformat(),
            **{t: None if r[t] != r[t] else int(r[t]) for t in untracked},  # NaN: unknown
        }
        for r in frame.to_dict("records")
    ]
    if as_json:
        typer.echo(
            json.dumps({"warehouse": str(path), "datasets": records, "untracked": untracked})
        )
        return
    table = Table(title=str(path))
    for header in ("#", "name", "format", "grain", "imported (UTC)"):
        table.add_column(header)
    for header in ("plays", "play counts", "friendships"):
        table.add_column(header, justify="right")
    for r in records:
        table.add_row(
            str(r["dataset_id"]),
            Text(r["name"]),
            r["source_format"],
            r["grain"],
            r["imported_at"][:16].replace("T", " "),
            *(_count(r[t]) for t in ("listens", "play_counts", "friends")),
        )
    Console().print(table)
    if any(untracked.values()):
        err.print(
            "rows written before datasets were tracked (no dataset claims them): "
            + ", ".join(f"{n:,} {t}" for t, n in untracked.items() if n),
            highlight=False,
        )


def _count(value: int | None) -> str:
    return "?" if value is None else f"{value:,}"


def remove(
    name: Annotated[str, typer.Argument(metavar="NAME", help="The dataset's name or number.")],
    warehouse_path: WarehouseOpt = None,
    yes: Annotated[
        bool, typer.Option("--yes", "-y", help="Remove without asking (required off a terminal).")
    ] = False,
) -> None:
    """Remove a dataset and what only it used (listeners, tracks, artists, genres)."""
    from recsys.io import removal_plan, remove_dataset

    path: Path = resolve_warehouse(warehouse_path)
    con = warehouse.open_readonly(path)
    try:
        plan = removal_plan(con, name)
    finally:
        con.close()
    what = f"{plan.dataset.label} from {path}: {plan.describe()}"
    if not yes:
        if not sys.stdin.isatty():
            raise DataError(f"not removing {what} without confirmation: pass --yes to remove it")
        err.print(f"This removes {what}.", highlight=False, markup=False)
        if not typer.confirm("Remove it?", default=False, err=True):
            raise DataError(f"nothing removed: {plan.dataset.label} stays in {path}")
    with progress_bar() as progress:
        removal = remove_dataset(path, plan.dataset.dataset_id, progress=progress)
    err.print(
        f"[green]removed[/green] {escape(removal.dataset.label)} from {escape(str(path))}: "
        f"{removal.describe()}",
        highlight=False,
    )
