"""The audit report's JSON: every figure of a run's audit, with its rules and definitions.

It reads what the build (and ``soundcheck audit``) stored for a run; the HTML page
(``recsys.audit._html``) is made from the same figures.
"""

from __future__ import annotations

import json
import math
from typing import Any, Final

import duckdb
import pandas as pd

from recsys.audit._config import AuditConfig
from recsys.audit._definitions import definitions
from recsys.audit._groups import inferred_keys
from recsys.audit._run import run_info
from recsys.audit._store import read_figures, read_notes, read_sets, read_tradeoff

__all__ = ["VERDICT_RULES", "clean", "report_json"]

VERDICT_RULES: Final = {
    "pass": "the whole interval of the ratio lies inside the pass band",
    "fail": "the whole interval of the ratio lies outside the pass band",
    "inconclusive": "the interval of the ratio straddles a bound of the pass band",
    "suppressed": "the group has fewer members than the minimum group size: no figure shown",
}
"""What each verdict means."""

_FIGURE_KEYS: Final = (
    "metric",
    "group_attribute",
    "group",
    "value",
    "ci_low",
    "ci_high",
    "reference",
    "ratio",
    "verdict",
)


def clean(value: Any) -> Any:
    """A value as JSON holds it: NaN and missing become None, numpy scalars Python's."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):
        return clean(value.item())
    return value


def _records(frame: pd.DataFrame, keys: tuple[str, ...]) -> list[dict[str, Any]]:
    return [{k: clean(row[k]) for k in keys} for _, row in frame.iterrows()]


def report_json(
    con: duckdb.DuckDBPyConnection, run_id: str | None = None, *, include_inferred: bool = True
) -> dict[str, Any]:
    """The report's JSON: run, data version, audited sets, definitions, rules and figures.

    ``figures`` holds every group figure with a verdict (``pass``, ``fail``, ``inconclusive``
    or ``suppressed``) with the set of lists it describes (``recommendations``) and the
    interval of its ratio; ``summary`` the descriptive figures of the catalogue (no verdict);
    ``notes`` what could not be figured and why; ``mitigation`` the re-rankers' curves.
    With ``include_inferred`` False, groupings inferred from tags are left out.
    """
    info = run_info(con, run_id)
    sets = read_sets(con, info.run_id)
    figures = read_figures(con, info.run_id).rename(columns={"name": "recommendations"})
    notes = read_notes(con, info.run_id).rename(columns={"name": "recommendations"})
    if not include_inferred:
        figures = figures.loc[~figures["group_attribute"].isin(inferred_keys())]
        notes = notes.loc[~notes["group_attribute"].isin(inferred_keys())]
    curves = read_tradeoff(con, info.run_id)
    config = AuditConfig.from_dict(json.loads(sets["config"].iloc[0]))
    judged = figures.loc[figures["verdict"].notna()]
    extra = ("recommendations", "side", "n", "ratio_low", "ratio_high", "note")
    return {
        "run_id": info.run_id,
        "data_version": info.data_version,
        "recommendations": _records(
            sets, ("name", "kind", "source", "rows", "users", "items", "test_window")
        ),
        "definitions": {
            d.key: {"label": d.label, "formula": d.formula, "source": d.source, "plain": d.plain}
            for d in definitions()
        },
        "rules": {
            "band": list(config.band),
            "confidence": config.confidence,
            "n_boot": config.n_boot,
            "min_group_size": config.min_group_size,
            "k": config.k,
            "seed": config.seed,
            "verdicts": dict(VERDICT_RULES),
        },
        "figures": _records(judged, (*_FIGURE_KEYS, *extra)),
        "summary": _records(
            figures.loc[figures["verdict"].isna()],
            ("recommendations", "metric", "n", "value", "ci_low", "ci_high"),
        ),
        "notes": _records(notes, ("recommendations", "side", "group_attribute", "message")),
        "mitigation": _records(curves, tuple(str(c) for c in curves.columns)),
    }
