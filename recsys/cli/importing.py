"""The ``soundcheck import`` command: bring real listening data into the warehouse.

The warehouse is created if missing. Errors are :class:`SoundcheckError` subclasses, which the
CLI prints as one line and exits with status 1. The FORMAT argument's help and accepted values
come from the format registry (:data:`recsys.io.formats.FORMATS`).
"""

# No ``from __future__ import annotations`` here: the command's annotations are built in a
# closure from the registry, and Typer reads them as objects, not strings.

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from recsys import warehouse
from recsys.cli._common import (
    MemoryLimitOpt,
    TempDirOpt,
    WarehouseOpt,
    err,
    limits,
    progress_bar,
    resolve_warehouse,
)

__all__ = ["register"]

log = logging.getLogger(__name__)


def register(app: typer.Typer) -> None:
    """Add the ``import`` command to the ``soundcheck`` app.

    The FORMAT argument's help lists the formats registered when this is called; the value is
    checked against the registry when the command runs.
    """
    from recsys.io.formats import FORMATS

    app.command("import")(
        _command(tuple(FORMATS), tuple(name for name, f in FORMATS.items() if f.takes_mapping))
    )


def _either(names: tuple[str, ...]) -> str:
    """``a, b or c``."""
    if not names:
        return "none"
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} or {names[-1]}"


def _check_format(value: str) -> str:
    """The FORMAT argument's check: the name of a registered format."""
    from recsys.io.formats import FORMATS

    if value not in FORMATS:
        raise typer.BadParameter(f"{value!r} is not one of {_either(tuple(FORMATS))}")
    return value


def _command(names: tuple[str, ...], mapped: tuple[str, ...]) -> Callable[..., None]:
    """The ``import`` command, its FORMAT help naming ``names`` and its mapping help ``mapped``."""
    for_mapped = f"for the {_either(mapped)} format{'s' if len(mapped) > 1 else ''}"

    def import_command(
        fmt: Annotated[
            str,
            typer.Argument(
                metavar="FORMAT",
                help=f"Input format: {_either(names)}.",
                callback=_check_format,
            ),
        ],
        path: Annotated[
            Path,
            typer.Argument(
                metavar="PATH",
                help="A file, a folder or a zip archive as the service hands it out.",
            ),
        ],
        warehouse_path: WarehouseOpt = None,
        mapping: Annotated[
            Path | None,
            typer.Option("--mapping", help=f"TOML column mapping {for_mapped}."),
        ] = None,
        col: Annotated[
            list[str] | None,
            typer.Option(
                "--col",
                help=f"ROLE=COLUMN {for_mapped} (repeatable), e.g. --col ts=played_at; "
                "genre=COLUMN reads free genre tags (several a cell, split on ; | or ,) "
                "into genres; also ts_format=, timezone=, ts_is_end=, delimiter=, genre_sep=.",
            ),
        ] = None,
        user: Annotated[
            str | None,
            typer.Option(help="Source user id for single-user exports that name no account."),
        ] = None,
        name: Annotated[
            str | None, typer.Option(help="Dataset name (default: the file or folder name).")
        ] = None,
        mix: Annotated[
            bool,
            typer.Option(
                "--mix",
                help="Import even into a warehouse that holds the synthetic demo (the two "
                "are mixed from then on).",
            ),
        ] = False,
        memory_limit: MemoryLimitOpt = None,
        temp_dir: TempDirOpt = None,
    ) -> None:
        """Import listening data: validated, all or nothing, private fields dropped."""
        bounds = limits(memory_limit, temp_dir)
        _import(fmt, path, warehouse_path, mapping, col or [], user, name, mix, bounds)

    return import_command


def _import(
    fmt: str,
    path: Path,
    warehouse_path: Path | None,
    mapping: Path | None,
    col: list[str],
    user: str | None,
    name: str | None,
    mix: bool = False,
    bounds: warehouse.Limits | None = None,
) -> None:
    """Run the import and print what was kept and added (DuckDB within ``bounds``)."""
    from recsys.errors import DataError
    from recsys.io import MixingError, check_not_mixing, import_data, load_mapping
    from recsys.io.formats import get

    csv_mapping = None
    if get(fmt).takes_mapping or mapping is not None or col:
        csv_mapping = load_mapping(mapping, col)
    target = resolve_warehouse(warehouse_path)
    if not mix:
        try:
            check_not_mixing(target)
        except MixingError as exc:
            raise DataError(_mixing_line(target, name or _default_name(path))) from exc
    with progress_bar() as progress:
        summary = import_data(
            target,
            fmt,
            path,
            mapping=csv_mapping,
            user=user,
            name=name,
            progress=progress,
            allow_mix=mix,
            duckdb_limits=bounds,
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
    err.print(summary.listeners, highlight=False, markup=False)


def _default_name(path: Path) -> str:
    """The dataset name an import of ``path`` gets without ``--name``."""
    return path.stem if path.is_file() else path.name


def _mixing_line(target: Path, dataset: str) -> str:
    """The refusal of real data for the demo's warehouse, with the warehouse to use instead."""
    from recsys.views.warehouses import SUFFIX, free_name, name_for

    suggested = target.parent / f"{free_name(target.parent, name_for(dataset))}{SUFFIX}"
    return (
        f"{target} holds the synthetic demo: importing real data there would mix the two. "
        f"Import into a new warehouse with --warehouse {suggested}, or pass --mix to add it "
        "anyway."
    )
