"""``soundcheck explain``: why a listener gets what they get, or what the ranker relies on."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer

from recsys import warehouse
from recsys.cli._common import WarehouseOpt, resolve_warehouse

__all__ = ["register"]


def register(app: typer.Typer) -> None:
    """Add the ``explain`` command to the ``soundcheck`` CLI."""

    @app.command()
    def explain(
        warehouse_path: WarehouseOpt = None,
        user: Annotated[
            int | None, typer.Option("--user", help="Explain this listener's recommendations.")
        ] = None,
        global_: Annotated[
            bool,
            typer.Option("--global", help="Mean |SHAP| per group and feature over the sample."),
        ] = False,
        top: Annotated[
            int, typer.Option("--top", min=1, max=500, help="Recommendations to explain.")
        ] = 10,
        run: Annotated[str | None, typer.Option(help="Run id (default: the latest).")] = None,
        as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    ) -> None:
        """Explain a listener's recommendations (--user) or the ranker as a whole (--global)."""
        if (user is None) == (not global_):
            raise ValueError("give either --user ID or --global")
        path = resolve_warehouse(warehouse_path)
        con = warehouse.open_readonly(path)
        try:
            from recsys import explain as ex

            info = ex.resolve_run(con, run)
            if global_:
                payload = _global(con, info)
            else:
                assert user is not None
                ranker = ex.load_ranker(info, path)
                listener = ex.load_listener(con, info, user)
                explained = ex.explain_top(con, listener, ranker, top)
                payload = _listener(info.run_id, explained)
        finally:
            con.close()
        if as_json:
            typer.echo(json.dumps(payload))
        elif global_:
            _print_global(payload)
        else:
            _print_listener(payload, explained)


def _global(con: Any, info: Any) -> dict[str, Any]:
    from recsys import explain as ex

    groups = ex.global_importance(con, info, "group")
    features = ex.global_importance(con, info, "feature")
    return {
        "run_id": info.run_id,
        "groups": [
            {"group": str(r.name), "mean_abs_shap": float(r.mean_abs_shap)}
            for r in groups.itertuples()
        ],
        "features": [
            {"name": str(r.name), "group": str(r.group), "mean_abs_shap": float(r.mean_abs_shap)}
            for r in features.itertuples()
        ],
    }


def _listener(run_id: str, explained: Any) -> dict[str, Any]:
    recs = []
    for row in explained.items.itertuples():
        item = int(row.item_id)
        contrib = explained.contributions.loc[item]
        recs.append(
            {
                "item_id": item,
                "rank": int(row.rank),
                "score": float(row.score),
                "base_value": explained.base_value,
                "contributions": {str(k): float(v) for k, v in contrib.items()},
                "reasons": [r.text for r in explained.reasons[item]],
            }
        )
    return {"run_id": run_id, "user_id": explained.user_id, "recommendations": recs}


def _print_global(payload: dict[str, Any]) -> None:
    from rich.console import Console
    from rich.table import Table

    from recsys.explain import group_label

    console = Console()
    groups = Table("group", "mean |SHAP|", title=f"run {payload['run_id']}: feature groups")
    for g in payload["groups"]:
        groups.add_row(group_label(g["group"]), f"{g['mean_abs_shap']:.4f}")
    console.print(groups)
    feats = Table("feature", "group", "mean |SHAP|", title="features")
    for f in payload["features"]:
        feats.add_row(f["name"], group_label(f["group"]), f"{f['mean_abs_shap']:.4f}")
    console.print(feats)


def _print_listener(payload: dict[str, Any], explained: Any) -> None:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(
        "rank",
        "item",
        "score",
        "why",
        "held back by",
        title=f"listener {payload['user_id']}, run {payload['run_id']} "
        f"(base value {explained.base_value:.3f})",
    )
    for row in explained.items.itertuples():
        item = int(row.item_id)
        table.add_row(
            str(row.rank),
            Text(f"{row.title} — {row.artist}"),
            f"{row.score:.3f}",
            Text("\n".join(r.text for r in explained.reasons[item]) or "—"),
            Text("\n".join(r.text for r in explained.held_back[item]) or "—"),
        )
    Console().print(table)
