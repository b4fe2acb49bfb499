"""``soundcheck trends``: the clusters of a run's genre map, most emerging first."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from recsys import warehouse
from recsys.cli._common import WarehouseOpt, resolve_warehouse

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    """Add the ``trends`` command to the ``soundcheck`` CLI."""

    @app.command()
    def trends(
        warehouse_path: WarehouseOpt = None,
        run: Annotated[
            str | None, typer.Option(help="Run id (default: the latest run with a map).")
        ] = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
        top: Annotated[int, typer.Option(help="Clusters in the table (all with --json).")] = 20,
    ) -> None:
        """Emerging clusters of the genre map: growth by community, burst score, FDR."""
        from recsys.maps import trends_json

        con = warehouse.open_readonly(resolve_warehouse(warehouse_path))
        try:
            summary = trends_json(con, run)
        finally:
            con.close()
        if as_json:
            typer.echo(json.dumps(summary))
            return
        _table(summary, top)


def _table(summary: dict[str, Any], top: int) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(
        "#", "cluster", "top genres", "growth", "score", "q-value", "driven by", "exposure gap",
        title=f"Emerging clusters, run {summary['run_id']}",
        caption="growth: share of active listeners in the last window over the baseline; "
        "q-value: Benjamini-Hochberg over every cluster x community; exposure gap: share of "
        "recommendations minus share of recent listening",
    )  # fmt: skip
    for rank, c in enumerate(summary["clusters"][:top], start=1):
        drivers = ", ".join(f"{d['id']} ({_x(d['growth'])})" for d in c["communities"][:4])
        flag = " under-recommended" if c["under_recommended"] else ""
        table.add_row(
            str(rank),
            Text(c["label"] + (" *" if c["significant"] else "")),
            Text(", ".join(c["top_genres"][:3])),
            _x(c["growth"]),
            _f(c["score"], "{:.1f}"),
            _f(c["q_value"], "{:.2g}"),
            Text(drivers or "-"),
            _f(c["exposure_gap"], "{:+.2%}") + flag,
        )
    console = Console()
    console.print(table)
    n = sum(c["significant"] for c in summary["clusters"])
    console.print(f"{n} of {len(summary['clusters'])} clusters grow significantly (* : q <= 0.05)")


def _x(value: float | None) -> str:
    return "-" if value is None else f"{value:.1f}x"


def _f(value: float | None, fmt: str) -> str:
    return "-" if value is None else fmt.format(value)
