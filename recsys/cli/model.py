"""``soundcheck build`` and ``soundcheck metrics``: train, evaluate and report model runs."""

import json
from pathlib import Path
from typing import Annotated

import typer

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
from recsys.model.registry import RANKER
from recsys.schema import Task

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    """Add the model commands to the ``soundcheck`` CLI."""

    @app.command()
    def build(
        warehouse_path: WarehouseOpt = None,
        task: Annotated[
            str, typer.Option(help="discovery (items new to the user) or repeat.")
        ] = "discovery",
        model_dir: Annotated[
            Path | None, typer.Option(help="Where to save the ranker (default: models/ beside).")
        ] = None,
        memory_limit: MemoryLimitOpt = None,
        temp_dir: TempDirOpt = None,
    ) -> None:
        """Train the two-stage recommender, evaluate it against baselines, write a run."""
        from recsys.model.build import build as run_build
        from recsys.model.config import BuildConfig

        if task not in ("discovery", "repeat"):
            raise ValueError(f"--task must be discovery or repeat, not {task!r}")
        path = resolve_warehouse(warehouse_path)
        bounds = limits(memory_limit, temp_dir)
        warehouse.open_readonly(path).close()  # a clear error before any work if it is missing
        chosen: Task = "discovery" if task == "discovery" else "repeat"
        with progress_bar() as progress:
            result = run_build(
                path,
                BuildConfig(task=chosen),
                progress=progress,
                model_dir=model_dir,
                limits=bounds,
            )
        ranker = result.summary["models"][RANKER]["ndcg@10"]
        err.print(
            f"[green]run {result.run_id}[/green]: ranker NDCG@10 {ranker:.4f} on "
            f"{result.summary['users_evaluated']:,} users in {result.timings['total']:.0f} s"
        )

    @app.command()
    def metrics(
        warehouse_path: WarehouseOpt = None,
        run: Annotated[str | None, typer.Option(help="Run id (default: the latest).")] = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    ) -> None:
        """Accuracy of the ranker, every baseline and the oracle for a run."""
        from recsys.views.runs import run_summary

        con = warehouse.open_readonly(resolve_warehouse(warehouse_path))
        try:
            summary = run_summary(con, run)
        finally:
            con.close()
        if as_json:
            typer.echo(json.dumps(summary))
            return
        from rich.console import Console
        from rich.table import Table

        from recsys.evaluation import headline_keys

        keys = headline_keys()
        table = Table("model", *keys, title=f"run {summary['run_id']} ({summary['task']})")
        for model, values in summary["models"].items():
            table.add_row(model, *(f"{values[k]:.4f}" for k in keys))
        Console().print(table)
        Console().print(
            f"{summary['users_evaluated']:,} users evaluated; candidate recall "
            f"{summary['candidate_recall']:.3f}"
        )
