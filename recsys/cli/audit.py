"""``soundcheck audit``: audit a run's lists (and any recommender's), write the report."""

from pathlib import Path
from typing import Annotated, Any

import typer

from recsys import warehouse
from recsys.cli._common import WarehouseOpt, err, progress_bar, resolve_warehouse

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    """Add the audit command to the ``soundcheck`` CLI."""

    @app.command()
    def audit(
        warehouse_path: WarehouseOpt = None,
        run: Annotated[str | None, typer.Option(help="Run id (default: the latest).")] = None,
        recommendations: Annotated[
            Path | None,
            typer.Option(
                help="An external list to audit beside the run's own: CSV, TSV or Parquet with "
                "user, item, rank and optionally score."
            ),
        ] = None,
        name: Annotated[
            str | None, typer.Option(help="The external list's name (required with it).")
        ] = None,
        ids: Annotated[
            str,
            typer.Option(
                help="warehouse: Soundcheck's user and item ids; source: the source system's, "
                "mapped as an import maps them."
            ),
        ] = "warehouse",
        source_format: Annotated[
            str | None,
            typer.Option(help="With --ids source: the import format the ids come from."),
        ] = None,
        test_window: Annotated[
            bool,
            typer.Option(
                help="The list was made for the run's test window with data before it, so "
                "accuracy by group can be judged."
            ),
        ] = False,
        html: Annotated[
            Path | None, typer.Option("--html", help="Write the self-contained HTML report.")
        ] = None,
        json_file: Annotated[
            Path | None, typer.Option("--json", help="Write the figures as a JSON file.")
        ] = None,
        inferred: Annotated[
            bool,
            typer.Option(
                "--inferred/--no-inferred",
                help="Include the groups of artist attributes inferred from tags (default) "
                "or leave them out.",
            ),
        ] = True,
    ) -> None:
        """Popularity bias and fairness of a run's lists, with intervals and verdicts."""
        from recsys.audit import audit_external, check_name, read_list, report_html, report_json

        if ids not in ("warehouse", "source"):
            raise ValueError(f"--ids must be warehouse or source, not {ids!r}")
        if (recommendations is None) != (name is None):
            raise ValueError("--recommendations and --name go together")
        path = resolve_warehouse(warehouse_path)
        warehouse.open_readonly(path).close()  # a clear error before any work if it is missing
        if recommendations is not None and name is not None:
            check_name(name)
            external = read_list(  # refused before any progress is shown, if malformed
                path,
                recommendations,
                run_id=run,
                ids="source" if ids == "source" else "warehouse",
                source_format=source_format,
            )
            with progress_bar() as progress:
                info, result = audit_external(
                    path, external, name, test_window=test_window, progress=progress
                )
            run = info.run_id
            counts = result.figures["verdict"].value_counts()
            err.print(
                f"[green]{name}[/green] audited beside run {info.run_id}: "
                + ", ".join(f"{counts.get(v, 0)} {v}" for v in ("fail", "inconclusive", "pass"))
            )
        con = warehouse.open_readonly(path)
        try:
            report = report_json(con, run, include_inferred=inferred)
            page = report_html(con, run, include_inferred=inferred) if html is not None else None
        finally:
            con.close()
        if json_file is not None:
            import json

            json_file.write_text(json.dumps(report, indent=1, allow_nan=False), encoding="utf-8")
            err.print(f"JSON written to {json_file}")
        if page is not None and html is not None:
            html.write_text(page, encoding="utf-8")
            err.print(f"HTML report written to {html}")
        if html is None and json_file is None:
            _print_summary(report)


def _print_summary(report: dict[str, Any]) -> None:
    """The verdicts of every set, and the failing figures, as tables on stdout."""
    import pandas as pd
    from rich.console import Console
    from rich.table import Table

    figures = pd.DataFrame(report["figures"])
    console = Console()
    table = Table("recommendations", "pass", "fail", "inconclusive", "suppressed")
    table.title = f"audit of run {report['run_id']}"
    for name, rows in figures.groupby("recommendations", sort=False):
        counts = rows["verdict"].value_counts()
        verdicts = ("pass", "fail", "inconclusive", "suppressed")
        table.add_row(str(name), *(str(counts.get(v, 0)) for v in verdicts))
    console.print(table)
    failing = figures.loc[figures["verdict"] == "fail"]
    if failing.empty:
        console.print("no figure fails")
        return
    fails = Table("recommendations", "metric", "grouping", "group", "ratio", "95% interval")
    fails.title = "failing figures"
    for _, r in failing.iterrows():
        fails.add_row(
            str(r["recommendations"]),
            str(r["metric"]),
            str(r["group_attribute"]),
            str(r["group"]),
            f"{r['ratio']:.3f}",
            f"{r['ratio_low']:.3f}–{r['ratio_high']:.3f}",
        )
    console.print(fails)
