"""The ``soundcheck`` command-line tool (also ``python -m recsys``).

One module per command group, each with a ``register(app)``: :mod:`recsys.cli.data`
(``generate``, ``stats``, ``app``), :mod:`recsys.cli.importing` (``import``) and
:mod:`recsys.cli.model` (``build``, ``metrics``); the options and the progress bar they share
live in :mod:`recsys.cli._common`. Command modules never import this one.

Every command takes ``--warehouse`` (default: ``$SOUNDCHECK_WAREHOUSE`` or
``data/soundcheck.duckdb``). Errors Soundcheck raises on purpose are printed as one line,
without a traceback, and the command exits with status 1; usage errors (an unknown command or
option, a missing argument) are one line too, with status 2; no arguments prints the help.
"""

from __future__ import annotations

import logging
import os
import sys

import typer

from recsys.cli import audit, data, datasets, explain, importing, maps, model
from recsys.cli._common import err
from recsys.errors import SoundcheckError

__all__ = ["app", "main"]

app = typer.Typer(
    name="soundcheck",
    help="Audit and explain a music recommender.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

for _group in (data, importing, datasets, model, explain, audit, maps):
    _group.register(app)


def _usage_error_types() -> tuple[type[BaseException], ...]:
    """Click's usage-error base classes: Typer may bundle its own copy of click."""
    import click

    types: list[type[BaseException]] = [click.ClickException]
    try:
        from typer import _click  # type: ignore[attr-defined]

        types.append(_click.exceptions.ClickException)
    except (ImportError, AttributeError):
        pass
    return tuple(types)


def main(argv: list[str] | None = None) -> None:
    """Run the CLI, turning errors into one line on stderr and a non-zero exit status."""
    logging.basicConfig(level=os.environ.get("SOUNDCHECK_LOG", "WARNING"))
    args = sys.argv[1:] if argv is None else argv
    if not args:
        args = ["--help"]
    usage_errors = _usage_error_types()
    try:
        status = app(args, prog_name="soundcheck", standalone_mode=False)
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
    except usage_errors as exc:
        message = exc.format_message() if hasattr(exc, "format_message") else str(exc)
        ctx = getattr(exc, "ctx", None)
        hint = f" (see {ctx.command_path if ctx is not None else 'soundcheck'} --help)"
        err.print(f"[red]error:[/red] {message}{hint}", highlight=False, markup=True)
        sys.exit(getattr(exc, "exit_code", 2) or 2)
    # Outside standalone mode click returns the code of a typer.Exit instead of raising it.
    if isinstance(status, int) and status != 0:
        sys.exit(status)
