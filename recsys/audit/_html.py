"""The audit report as one self-contained HTML page.

Every chart is embedded and plotly.js is inlined once, so the page opens offline and makes no
network request; everything taken from data (group and set names, notes) is HTML-escaped.
"""

from __future__ import annotations

import html
from typing import Any, Final

import duckdb
import pandas as pd

from recsys.audit._groups import inferred_keys
from recsys.audit._report import VERDICT_RULES, clean, report_json
from recsys.audit._run import run_info
from recsys.audit._store import read_figures, read_notes, read_tradeoff
from recsys.audit.views import glance

__all__ = ["report_html"]


_CSS: Final = """
body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2rem auto;max-width:1100px;
color:#212529;padding:0 1rem}h1{font-size:1.7rem}
h2{margin-top:2.2rem;border-bottom:1px solid #dee2e6}
table{border-collapse:collapse;margin:.6rem 0;font-size:.85rem}td,th{border:1px solid #dee2e6;
padding:.25rem .5rem;text-align:left}th{background:#f1f3f5}.pass{color:#2F9E44;font-weight:600}
.fail{color:#E03131;font-weight:600}.inconclusive{color:#F08C00;font-weight:600}
.suppressed{color:#868E96}.muted{color:#868E96}details{margin:.6rem 0}
"""


def _table(frame: pd.DataFrame, columns: dict[str, str]) -> str:
    head = "".join(f"<th>{html.escape(label)}</th>" for label in columns.values())
    rows = []
    for _, row in frame.iterrows():
        cells = []
        for col in columns:
            value = clean(row.get(col))
            text = (
                ""
                if value is None
                else (f"{value:.4g}" if isinstance(value, float) else str(value))
            )
            cls = f' class="{text}"' if col == "verdict" and text in VERDICT_RULES else ""
            cells.append(f"<td{cls}>{html.escape(text)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return f"<table><tr>{head}</tr>{''.join(rows)}</table>"


class _Charts:
    """Embeds figures; the first one carries plotly.js inline, the others reuse it."""

    def __init__(self) -> None:
        self.first = True

    def __call__(self, fig: Any) -> str:
        out = fig.to_html(
            full_html=False,
            include_plotlyjs=self.first,
            config={"displaylogo": False, "responsive": True},
        )
        self.first = False
        return str(out)


_COLUMNS: Final = {
    "name": "recommendations",
    "group": "group",
    "n": "n",
    "value": "value",
    "ci_low": "95% low",
    "ci_high": "95% high",
    "reference": "reference",
    "ratio": "ratio",
    "ratio_low": "ratio low",
    "ratio_high": "ratio high",
    "verdict": "verdict",
}


def report_html(
    con: duckdb.DuckDBPyConnection, run_id: str | None = None, *, include_inferred: bool = True
) -> str:
    """The self-contained HTML report of a run's audit (every set of lists side by side);
    groupings inferred from tags are left out when ``include_inferred`` is False."""
    from recsys.plots import audit as plots

    data = report_json(con, run_id, include_inferred=include_inferred)
    info = run_info(con, data["run_id"])
    figures = read_figures(con, info.run_id)
    notes = read_notes(con, info.run_id)
    if not include_inferred:
        figures = figures.loc[~figures["group_attribute"].isin(inferred_keys())]
        notes = notes.loc[~notes["group_attribute"].isin(inferred_keys())]
    curves = read_tradeoff(con, info.run_id)
    band = tuple(data["rules"]["band"])
    chart = _Charts()
    e = html.escape
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'>",
        f"<title>Soundcheck audit — run {e(info.run_id)}</title><style>{_CSS}</style></head><body>",
        "<h1>Soundcheck audit report</h1>",
        f"<p>Run <b>{e(info.run_id)}</b> ({e(info.task)}, {e(info.grain)}s, {e(info.protocol)} "
        f"split) · data version <code>{e(info.data_version)}</code></p>",
        _table(
            pd.DataFrame(data["recommendations"]),
            {
                "name": "recommendations",
                "kind": "kind",
                "source": "source",
                "rows": "rows",
                "users": "listeners",
                "items": "items",
                "test_window": "made for the test window",
            },
        ),
        "<h2>How to read this report</h2>",
        f"<p>Every group figure carries a {data['rules']['confidence']:.0%} percentile bootstrap "
        f"interval ({data['rules']['n_boot']:,} resamples, seed {data['rules']['seed']}): "
        "listeners are resampled for listener-side figures, listeners and artists together for "
        f"artist-side ones. A ratio against its reference is judged against the band "
        f"{band[0]:g}–{band[1]:g} (the four-fifths rule):</p><ul>"
        + "".join(f"<li><b class='{k}'>{k}</b>: {e(v)}</li>" for k, v in VERDICT_RULES.items())
        + f"</ul><p>Groups with fewer than {data['rules']['min_group_size']} members are "
        f"suppressed. Lists are cut to their top {data['rules']['k']}.</p>",
        "<h2>Verdicts at a glance</h2>",
        _table(
            glance(figures),
            {
                "name": "recommendations",
                "side": "side",
                "pass": "pass",
                "fail": "fail",
                "inconclusive": "inconclusive",
                "suppressed": "suppressed",
            },
        ),
        "<h2>Popularity bias</h2>",
        _table(
            figures.loc[figures["metric"].isin(["arp", "aplt", "aclt"])],
            {"metric": "metric", **_COLUMNS},
        ),
    ]
    lift = figures.loc[figures["metric"] == "popularity_lift"]
    for key, rows in lift.groupby("group_attribute", sort=True):
        parts.append(
            chart(
                plots.group_ratios(
                    rows,
                    f"Popularity lift (GAP of lists ÷ GAP of profiles) by {key}",
                    band=band,
                    x_title="GAP_r ÷ GAP_p (1 = lists as popular as listening)",
                )
            )
        )
    parts.append("<h2>Exposure of artist groups</h2>")
    art = figures.loc[figures["side"] == "artist"]
    for key, rows in art.groupby("group_attribute", sort=True):
        parts.append(chart(plots.exposure_ratios(rows, f"Exposure by {key}", band=band)))
    parts.append("<h2>Accuracy by listener group</h2>")
    acc = figures.loc[figures["metric"] == "ndcg@10"]
    for key, rows in acc.groupby("group_attribute", sort=True):
        parts.append(
            chart(plots.group_ratios(rows, f"NDCG@10 by {key}, against the best group", band=band))
        )
    parts.append("<h2>Calibration by listener group</h2>")
    cal = figures.loc[(figures["metric"] == "miscalibration") & (figures["group"] != "all")]
    for key, rows in cal.groupby("group_attribute", sort=True):
        parts.append(
            chart(
                plots.group_ratios(
                    rows, f"Miscalibration by {key}, against the best (lowest) group", band=band
                )
            )
        )
    parts.append("<h2>Catalogue and beyond accuracy</h2>")
    parts.append(
        _table(
            figures.loc[figures["verdict"].isna()],
            {
                "metric": "metric",
                "name": "recommendations",
                "n": "n",
                "value": "value",
                "ci_low": "95% low",
                "ci_high": "95% high",
            },
        )
    )
    if len(curves):
        parts.append(
            "<h2>What mitigation would cost</h2><p>NDCG@10 on the test window against "
            "what each re-ranker targets, across its strength (0 = today's ranking).</p>"
        )
        for name, rows in curves.groupby("reranker", sort=True):
            target = str(rows["target_metric"].iloc[0])
            parts.append(
                chart(plots.tradeoff_curve(rows, 0.0, title=f"Re-ranker: {name}", x_title=target))
            )
    parts.append("<h2>Notes: groups not formed, groups suppressed, figures left out</h2>")
    parts.append(
        _table(
            notes,
            {
                "name": "recommendations",
                "side": "side",
                "group_attribute": "grouping",
                "message": "note",
            },
        )
    )
    parts.append("<h2>Definitions</h2>")
    defs = pd.DataFrame([{"key": k, **v} for k, v in data["definitions"].items()])
    parts.append(
        _table(defs, {"key": "metric", "label": "name", "formula": "formula", "source": "source"})
    )
    parts.append("<h2>Every figure</h2><details><summary>Show the full table</summary>")
    parts.append(
        _table(
            figures,
            {
                "side": "side",
                "metric": "metric",
                "group_attribute": "grouping",
                **_COLUMNS,
                "note": "note",
            },
        )
    )
    parts.append("</details></body></html>")
    return "\n".join(parts)
