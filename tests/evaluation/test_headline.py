"""The headline-metric list reaches every consumer: a registered extra metric is written into
the run summary, shown by the Runs page's table, control and comparison, and printed by
``soundcheck metrics``. Each assertion fails if that consumer keeps a list of its own."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest
from typer.testing import CliRunner

from recsys import cli, warehouse
from recsys.evaluation import _headline, evaluate, headline_keys, metric_definition
from recsys.evaluation._headline import HeadlineMetric
from recsys.model._outputs import summary_json
from recsys.model.build import build
from recsys.model.config import BuildConfig
from recsys.model.ranker import RankerConfig
from recsys.views import runs

APP = Path(__file__).resolve().parents[2] / "app.py"
EXTRA = HeadlineMetric("ndcg@50", "NDCG@50", "Like NDCG@10, over the top 50.")


@pytest.fixture(scope="module")
def with_extra() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(_headline, "HEADLINE", (*_headline.HEADLINE, EXTRA))
        yield


def test_every_headline_metric_is_computed_by_evaluate_and_defined() -> None:
    reco = pd.DataFrame({"user_id": [1, 1], "item_id": [10, 11], "rank": [1, 2]})
    truth = pd.DataFrame({"user_id": [1], "item_id": [11]})
    summary, _ = evaluate({"m": reco}, truth, ks=(10, 50))
    assert set(headline_keys()) <= set(summary.columns)
    assert summary.loc["m", "mrr"] == pytest.approx(0.5)
    for key in headline_keys():
        assert metric_definition(key).definition.endswith(".")
    with pytest.raises(KeyError, match="no headline metric"):
        metric_definition("auc")


def test_the_run_summary_carries_a_registered_metric(with_extra: None) -> None:
    metrics = pd.DataFrame(
        [{k: 0.5 for k in ("ndcg@10", "recall@10", "recall@50", "map@10", "mrr", "hit@10")}
         | {"ndcg@50": 0.25}],
        index=["lightgbm_ranker"],
    )  # fmt: skip
    summary = summary_json("r", "discovery", metrics, 0.4, 10)
    assert summary["models"]["lightgbm_ranker"]["ndcg@50"] == 0.25


@pytest.fixture(scope="module")
def built(tiny_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("headline") / "w.duckdb"
    shutil.copy2(tiny_warehouse, path)
    build(path, BuildConfig(ranker=RankerConfig(n_jobs=1)), model_dir=path.parent / "models")
    return path


@pytest.mark.slow
def test_the_runs_back_end_and_the_cli_show_a_registered_metric(
    built: Path, with_extra: None
) -> None:
    con = warehouse.open_readonly(built)
    try:
        table = runs.model_table(con)
        (run_id,) = runs.list_runs(con)["run_id"]
        compared = runs.compare_runs(con, run_id, run_id)
    finally:
        con.close()
    assert "ndcg@50" in table.columns
    assert "ndcg@50" in set(compared["metric"])
    out = CliRunner().invoke(cli.app, ["metrics", "-w", str(built)])
    assert out.exit_code == 0, out.output
    assert "ndcg@50" in out.stdout


@pytest.mark.slow
def test_the_runs_page_offers_a_registered_metric(
    built: Path, with_extra: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOUNDCHECK_WAREHOUSE", str(built))
    at = AppTest.from_file(str(APP), default_timeout=120).run()
    at = at.switch_page("app_pages/runs.py").run()
    assert not at.exception, at.exception
    control = at.get("button_group")[0]
    assert "ndcg@50" in control.options
    assert json.dumps(list(control.options)).count("ndcg@") == 2
