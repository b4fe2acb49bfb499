"""The audit's build stage on generated data: what it writes, that it is deterministic, and that
it finds the planted exposure bias and invents none without it."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from auditfiles import ONE_THREAD, audit_stage

import recsys.audit as audit
from recsys import warehouse
from recsys.audit._store import read_figures, read_notes, read_sets, read_tradeoff
from recsys.model import stages
from recsys.model.build import build
from recsys.model.registry import RANKER
from recsys.synth import Plants, SynthConfig, generate_warehouse

VERDICTS = {"pass", "fail", "inconclusive", "suppressed"}


def _run_id(path: Path) -> str:
    con = warehouse.open_readonly(path)
    try:
        return str(con.execute("SELECT run_id FROM runs").fetchall()[0][0])
    finally:
        con.close()


@pytest.mark.slow
def test_the_stage_writes_figures_notes_truth_and_tradeoffs(built_audit: Path) -> None:
    path, run_id = built_audit, _run_id(built_audit)
    con = warehouse.open_readonly(path)
    try:
        sets = read_sets(con, run_id)
        figures = read_figures(con, run_id)
        notes = read_notes(con, run_id)
        curves = read_tradeoff(con, run_id)
        truth = con.execute("SELECT count(*) FROM audit_test_truth").fetchall()[0][0]
        ranker_ndcg = con.execute(
            "SELECT value FROM metrics WHERE model = $m AND metric = 'ndcg@10'", {"m": RANKER}
        ).fetchall()[0][0]
        timings = json.loads(con.execute("SELECT timings FROM runs").fetchall()[0][0])
    finally:
        con.close()
    assert sets["name"].tolist() == ["soundcheck"] and bool(sets["test_window"].iloc[0])
    judged = figures.loc[figures["verdict"].notna()]
    assert set(judged["verdict"]) <= VERDICTS and len(judged) > 0
    assert {"arp", "aplt", "ndcg@10", "exposure_vs_oracle", "gini", "miscalibration"} <= set(
        figures["metric"]
    )
    suppressed = figures.loc[figures["verdict"] == "suppressed"]
    assert suppressed["n"].isna().all() and suppressed["value"].isna().all()
    assert notes["message"].str.contains("suppressed").any()
    assert truth > 0 and "audit" in timings
    assert set(curves["reranker"]) == {"calibrated", "long_tail", "provider"}
    at_zero = curves.loc[curves["strength"] == 0.0, "ndcg"]
    assert np.allclose(at_zero, ranker_ndcg)  # strength 0 is the ranker's own top 10


@pytest.mark.slow
def test_the_same_warehouse_gives_the_same_figures(built_audit: Path) -> None:
    path = built_audit
    con = warehouse.open_readonly(path)
    try:
        order = 'ORDER BY side, metric, group_attribute, "group"'
        first = con.execute(f"SELECT * FROM first_figures {order}").df()
        second = con.execute(f"SELECT * FROM audit_figures {order}").df()
    finally:
        con.close()
    pd.testing.assert_frame_equal(first.round(6), second.round(6))


def _female_vs_oracle(path: Path, plants: Plants, tmp: Path) -> pd.Series:
    config = SynthConfig(
        "small",
        n_users=500,
        n_artists=500,
        n_tracks=5_000,
        n_listens=100_000,
        seed=7,
        plants=plants,
    )
    generate_warehouse(path, config)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(stages, "RUN_STAGES", (audit_stage(),))
        run_id = build(path, ONE_THREAD, model_dir=tmp / "models").run_id
    con = warehouse.open_readonly(path)
    try:
        f = read_figures(con, run_id)
    finally:
        con.close()
    row = f.loc[
        (f["metric"] == "exposure_vs_oracle")
        & (f["group_attribute"] == "artist_gender")
        & (f["group"] == "female")
    ]
    return row.iloc[0]


@pytest.mark.slow
def test_the_planted_exposure_bias_fails_and_is_not_invented_without_it(tmp_path: Path) -> None:
    """500 listeners is the smallest generated data seen to give a verdict (tiny is too small:
    its interval straddles 0.8); female artists are played 0.5x their true appeal."""
    planted = _female_vs_oracle(tmp_path / "planted.duckdb", Plants(), tmp_path)
    assert planted["verdict"] == "fail"
    assert planted["ratio_high"] < 0.8
    clean = _female_vs_oracle(tmp_path / "clean.duckdb", Plants.none(), tmp_path)
    assert clean["verdict"] != "fail"
    assert clean["ratio_low"] <= 1.0 <= clean["ratio_high"]


def test_the_audit_package_exposes_the_stage() -> None:
    assert audit.write_audit.__module__ == "recsys.audit._stage"
    assert audit_stage().label
