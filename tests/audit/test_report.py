"""The audit report: the JSON's shape and verdicts, and an HTML page that opens offline."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from plotly.offline import get_plotlyjs

from recsys import sql, warehouse
from recsys.audit import (
    FIGURE_COLUMNS,
    AuditConfig,
    AuditResult,
    definitions,
    report_html,
    report_json,
)
from recsys.audit._store import write_set

VERDICTS = {"pass", "fail", "inconclusive", "suppressed"}
URL = re.compile(r"https?://", re.IGNORECASE)


def _figure(**values: object) -> dict[str, object]:
    row: dict[str, object] = dict.fromkeys(FIGURE_COLUMNS, np.nan)
    row.update(note="", verdict=None)
    row.update(values)
    return row


@pytest.fixture
def hand_made(tmp_path: Path) -> Path:
    """A warehouse with one run and a hand-made audit whose group names are markup."""
    path = tmp_path / "w.duckdb"
    with warehouse.building(path, fresh=True) as con:
        con.execute(sql.load("model/outputs"))
        con.execute(
            "INSERT INTO runs VALUES ('r1', now(), 'discovery', 'track', 'temporal', 'v1', "
            "'{}', '{\"test_start\": \"2026-10-04T00:00:00\"}', '{}', '{}', '{}', 'm.txt')"
        )
        figures = pd.DataFrame(
            [
                _figure(
                    side="artist",
                    metric="exposure_vs_catalogue",
                    group_attribute="artist_gender",
                    group="<b>female</b>",
                    n=40,
                    value=0.1,
                    ci_low=0.05,
                    ci_high=0.15,
                    reference=0.3,
                    ratio=0.33,
                    ratio_low=0.2,
                    ratio_high=0.5,
                    verdict="fail",
                ),
                _figure(
                    side="artist",
                    metric="exposure_vs_catalogue",
                    group_attribute="artist_gender",
                    group="male",
                    n=60,
                    value=0.9,
                    ci_low=0.85,
                    ci_high=0.95,
                    reference=0.7,
                    ratio=1.29,
                    ratio_low=1.2,
                    ratio_high=1.4,
                    verdict="fail",
                ),
                _figure(
                    side="artist",
                    metric="exposure_vs_catalogue",
                    group_attribute="artist_gender",
                    group="tiny",
                    verdict="suppressed",
                    note="fewer than 20 artists: suppressed",
                ),
                _figure(
                    side="catalogue", metric="gini", group_attribute="all", group="all", value=0.9
                ),
            ],
            columns=list(FIGURE_COLUMNS),
        )
        notes = pd.DataFrame(
            [("listener", "listener_age_group", "not formed: <i>no age</i>")],
            columns=["side", "group_attribute", "message"],
        )
        lists = pd.DataFrame({"user_id": [1], "item_id": [2], "rank": [1]})
        write_set(
            con,
            "r1",
            "soundcheck",
            AuditResult(figures, notes),
            AuditConfig(),
            kind="soundcheck",
            source="run r1",
            lists=lists,
            test_window=True,
            store_lists=False,
        )
    return path


class _Attributes(HTMLParser):
    """Every tag attribute value, and the text of every script."""

    def __init__(self) -> None:
        super().__init__()
        self.values: list[str] = []
        self.tags: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.values += [v for _, v in attrs if v]


def test_json_has_the_run_the_sets_definitions_and_judged_figures(hand_made: Path) -> None:
    con = warehouse.open_readonly(hand_made)
    try:
        report = report_json(con)
    finally:
        con.close()
    assert report["run_id"] == "r1" and report["data_version"] == "v1"
    assert report["recommendations"][0]["name"] == "soundcheck"
    assert {d.key for d in definitions()} == set(report["definitions"])
    assert {f["verdict"] for f in report["figures"]} <= VERDICTS
    required = {
        "metric",
        "group_attribute",
        "group",
        "value",
        "ci_low",
        "ci_high",
        "reference",
        "ratio",
        "verdict",
    }
    assert all(required <= set(f) for f in report["figures"])
    suppressed = [f for f in report["figures"] if f["verdict"] == "suppressed"]
    assert suppressed == [dict(suppressed[0], value=None, n=None, ratio=None)]
    assert [s["metric"] for s in report["summary"]] == ["gini"]
    assert report["rules"]["band"] == [0.8, 1.25] and report["rules"]["min_group_size"] == 20
    json.dumps(report, allow_nan=False)  # strict JSON: no NaN


def test_html_is_self_contained_and_shows_data_as_text(hand_made: Path) -> None:
    con = warehouse.open_readonly(hand_made)
    try:
        page = report_html(con)
    finally:
        con.close()
    bundle = get_plotlyjs()
    assert page.count(bundle) == 1  # plotly.js inlined once
    parser = _Attributes()
    parser.feed(page)
    assert "link" not in parser.tags and "iframe" not in parser.tags and "img" not in parser.tags
    assert not [v for v in parser.values if URL.search(v)]  # no src/href to the network
    outside = page.replace(bundle, "")
    assert not URL.search(outside), URL.search(outside)
    assert "&lt;b&gt;female&lt;/b&gt;" in page and "<b>female</b>" not in outside
    assert "not formed: &lt;i&gt;no age&lt;/i&gt;" in page
    assert "suppressed" in page and "Gini" in page


@pytest.mark.slow
def test_the_report_of_a_built_run_is_deterministic(built_audit: Path, tmp_path: Path) -> None:
    path = tmp_path / "w.duckdb"
    shutil.copy2(built_audit, path)
    con = warehouse.open_readonly(path)
    try:
        first, second = report_json(con), report_json(con)
        page = report_html(con)
    finally:
        con.close()
    assert json.dumps(first) == json.dumps(second)
    assert {f["verdict"] for f in first["figures"]} <= VERDICTS
    metrics = {f["metric"] for f in first["figures"]}
    assert {"ndcg@10", "exposure_vs_oracle", "popularity_lift", "miscalibration", "arp"} <= metrics
    assert {r["reranker"] for r in first["mitigation"]} == {"calibrated", "long_tail", "provider"}
    assert page.count("plotly-graph-div") >= 5
