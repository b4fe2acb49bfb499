"""recsys.views.runs on hand-written runs: model table, comparison and run lookup."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from recsys import sql, warehouse
from recsys.errors import NotFittedError
from recsys.evaluation import headline_keys
from recsys.views import runs

HEADLINE = headline_keys()


def read(path: Path) -> duckdb.DuckDBPyConnection:
    return warehouse.open_readonly(path)


HAND_METRICS = {  # run -> model -> ndcg@10; every other headline metric is ndcg / 2
    "r1": {"lightgbm_ranker": 0.30, "most_popular": 0.10, "item_knn": 0.20, "oracle": 0.50},
    "r2": {"lightgbm_ranker": 0.36, "most_popular": 0.10, "ease": 0.25},
}


@pytest.fixture(scope="module")
def hand_runs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[duckdb.DuckDBPyConnection]:
    """Two runs written by hand: r1 (with an oracle, no EASE) and a newer r2 (EASE, no oracle)."""
    path = tmp_path_factory.mktemp("hand-runs") / "runs.duckdb"
    with warehouse.building(path, fresh=True) as con:
        con.execute(sql.load("model/outputs"))
        for day, run_id in enumerate(HAND_METRICS, start=1):
            con.execute(
                "INSERT INTO runs VALUES ($r, $t, 'discovery', 'track', 'temporal', 'v', '{}', "
                "'{}', '{}', $s, '{}', 'm.txt')",
                {"r": run_id, "t": pd.Timestamp(f"2026-01-0{day}"), "s": json.dumps({"r": run_id})},
            )
            for model, ndcg in HAND_METRICS[run_id].items():
                for metric in HEADLINE:
                    value = ndcg if metric == "ndcg@10" else ndcg / 2
                    con.execute(
                        "INSERT INTO metrics VALUES (?, ?, ?, ?)", [run_id, model, metric, value]
                    )
            con.execute(
                "INSERT INTO metrics VALUES (?, 'candidates', 'candidate_recall', 0.7)", [run_id]
            )
    con = read(path)
    yield con
    con.close()


def test_model_table_ranks_the_ranker_against_the_best_baseline_and_the_oracle(
    hand_runs: duckdb.DuckDBPyConnection,
) -> None:
    table = runs.model_table(hand_runs, "r1").set_index("model")
    assert list(table.index) == ["lightgbm_ranker", "most_popular", "item_knn", "oracle"]
    assert list(table.columns) == ["label", *HEADLINE, "vs_best_baseline", "share_of_oracle"]
    assert list(table["label"]) == [
        "LightGBM ranker",
        "Most popular",
        "Item-kNN",
        "Oracle (true preference)",
    ]
    assert table.loc["lightgbm_ranker", "vs_best_baseline"] == pytest.approx(0.30 / 0.20)
    assert table.loc["lightgbm_ranker", "share_of_oracle"] == pytest.approx(0.30 / 0.50)
    assert table.loc["item_knn", "vs_best_baseline"] == pytest.approx(1.0)
    assert table.loc["most_popular", "share_of_oracle"] == pytest.approx(0.10 / 0.50)
    assert table.loc["lightgbm_ranker", "mrr"] == pytest.approx(0.15)
    # The newest run is the default; without an oracle the share is unknown, not zero.
    latest = runs.model_table(hand_runs).set_index("model")
    assert list(latest.index) == ["lightgbm_ranker", "most_popular", "ease"]
    assert latest.loc["lightgbm_ranker", "vs_best_baseline"] == pytest.approx(0.36 / 0.25)
    assert latest["share_of_oracle"].isna().all()


def test_compare_runs_puts_two_runs_side_by_side(hand_runs: duckdb.DuckDBPyConnection) -> None:
    out = runs.compare_runs(hand_runs, "r1", "r2")
    assert list(out.columns) == ["model", "label", "metric", "a", "b", "change"]
    models = ["lightgbm_ranker", "most_popular", "item_knn", "ease", "oracle"]
    assert out["model"].tolist() == [m for m in models for _ in HEADLINE]
    assert out["metric"].tolist() == list(HEADLINE) * len(models)
    row = out.set_index(["model", "metric"])
    assert row.loc[("lightgbm_ranker", "ndcg@10"), "a"] == pytest.approx(0.30)
    assert row.loc[("lightgbm_ranker", "ndcg@10"), "b"] == pytest.approx(0.36)
    assert row.loc[("lightgbm_ranker", "ndcg@10"), "change"] == pytest.approx(0.06)
    assert row.loc[("most_popular", "mrr"), "change"] == pytest.approx(0.0)
    assert np.isnan(row.loc[("ease", "ndcg@10"), "a"])  # only in r2
    assert np.isnan(row.loc[("oracle", "ndcg@10"), "change"])  # only in r1
    assert "candidates" not in set(out["model"])


def test_run_readers_refuse_unknown_or_missing_runs(
    hand_runs: duckdb.DuckDBPyConnection, tiny_warehouse: Path
) -> None:
    assert runs.list_runs(hand_runs)["run_id"].tolist() == ["r2", "r1"]  # newest first
    assert runs.run_summary(hand_runs) == {"r": "r2"}
    with pytest.raises(NotFittedError, match="no run 'r9'"):
        runs.model_table(hand_runs, "r9")
    con = read(tiny_warehouse)
    try:
        with pytest.raises(NotFittedError, match="soundcheck build"):
            runs.model_table(con)
    finally:
        con.close()


def test_glossary_defines_every_headline_metric_and_the_page_terms() -> None:
    terms = runs.glossary().set_index("term")["meaning"]
    for label in ("NDCG@10", "MAP@10", "MRR", "Boosting round", "p-value (Wilcoxon)"):
        assert label in terms.index and terms[label].endswith(".")


@pytest.mark.parametrize(
    ("low", "high", "p", "words"),
    [
        (0.01, 0.03, 1e-30, "Wilcoxon p < 0.001): a real gain, not luck."),
        (-0.01, 0.02, 0.4, "Wilcoxon p = 0.400): too close to call"),
        (-0.03, -0.01, 0.002, "a real loss, not luck"),
    ],
)
def test_the_paired_test_reads_as_one_plain_sentence(
    low: float, high: float, p: float, words: str
) -> None:
    sig = {"model_b": "ease", "n_users": 2730, "mean_diff": (low + high) / 2,
           "ci_low": low, "ci_high": high, "p_value": p}  # fmt: skip
    sentence = runs.paired_gain_sentence(sig)
    assert "EASE's" in sentence and "2,730 test listeners" in sentence
    assert words in sentence


def test_run_facts_turn_the_stored_json_into_readable_rows() -> None:
    details = {
        "split": {"protocol": "temporal", "test_start": "2026-01-01T00:00:00",
                  "test": {"rows": 1234, "users": 56}},
        "timings": {"train_ranker": 8.46, "total": 90.0},
        "config": {"task": "discovery", "ranker": {"n_trees": 200}},
        "skipped": {"ease": "too many items"},
    }  # fmt: skip
    facts = runs.run_facts(details)
    rows = {(r.section, r.what): r.value for r in facts.itertuples()}
    assert rows[("split", "test-window targets")] == "1,234 rows, 56 listeners"
    assert rows[("seconds", "training the ranker")] == "8.5"
    assert rows[("configuration", "ranker.n trees")] == "200"
    assert rows[("skipped generator", "EASE")] == "too many items"
