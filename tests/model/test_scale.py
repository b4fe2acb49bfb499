"""Builds within bounds: DuckDB's memory limit and spill folder, and the oracle's sample."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from recsys import warehouse
from recsys.evaluation import headline_keys
from recsys.model._outputs import BuildOutputs, sample_interval
from recsys.model.build import train_and_evaluate
from recsys.model.config import BuildConfig
from recsys.model.registry import ORACLE, RANKER
from recsys.warehouse import Limits

SAMPLE = 30


def _quiet(step: str, fraction: float) -> None:
    """A progress callback that reports nothing."""


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# -- limits -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [("4GB", 4 * 10**9), ("512MiB", 512 * 2**20), ("1.5 gb", 15 * 10**8), ("64kb", 64_000)],
)
def test_a_memory_limit_is_read_as_a_size(text: str, expected: int) -> None:
    assert Limits(text).memory_bytes() == expected


@pytest.mark.parametrize("text", ["lots", "4", "-1GB", "4 GB GB", ""])
def test_a_memory_limit_that_is_not_a_size_is_refused_by_name(text: str) -> None:
    with pytest.raises(ValueError, match="is not a size: write it like 4GB"):
        Limits(text)


def test_the_default_limits_come_from_the_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv(warehouse.MEMORY_ENV, "3GB")
    monkeypatch.setenv(warehouse.TEMP_ENV, str(tmp_path))
    assert Limits.default() == Limits("3GB", tmp_path)


def test_without_the_environment_duckdb_gets_40_percent_of_memory_beside_the_warehouse(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv(warehouse.MEMORY_ENV, raising=False)
    monkeypatch.delenv(warehouse.TEMP_ENV, raising=False)
    monkeypatch.setattr(warehouse, "_physical_memory", lambda: 10 * 2**30)
    assert Limits.default() == Limits(f"{int(10 * 2**30 * 0.4) >> 20}MiB", None)


def test_a_write_runs_within_its_limits_and_removes_its_spill_folder(
    tiny_warehouse: Path, tmp_path: Path
) -> None:
    path = tmp_path / "wh.duckdb"
    shutil.copy2(tiny_warehouse, path)
    spill = tmp_path / "spill"
    with warehouse.building(path, limits=Limits("300MB", spill)) as con:
        limit, temp = con.execute(
            "SELECT current_setting('memory_limit'), current_setting('temp_directory')"
        ).fetchall()[0]
        assert Path(temp).parent == spill and Path(temp).is_dir()
    assert limit == "286.1 MiB"  # DuckDB reports 300 MB in binary units
    assert list(spill.iterdir()) == []


def test_a_failed_write_removes_its_spill_folder_and_leaves_the_warehouse_as_it_was(
    tiny_warehouse: Path, tmp_path: Path
) -> None:
    path = tmp_path / "wh.duckdb"
    shutil.copy2(tiny_warehouse, path)
    before = _digest(path)
    spill = tmp_path / "spill"
    with (
        pytest.raises(RuntimeError, match="stop"),
        warehouse.building(path, limits=Limits("300MB", spill)) as con,
    ):
        con.execute("DELETE FROM listens")
        raise RuntimeError("stop")
    assert _digest(path) == before
    assert list(spill.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["spill", "wh.duckdb"]


def test_build_refuses_a_memory_limit_that_is_not_a_size_in_one_line(
    tiny_warehouse: Path,
) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "recsys", "build", "-w", str(tiny_warehouse), "--memory-limit", "x"],
        capture_output=True,
        text=True,
        env={**os.environ},
        timeout=120,
    )
    assert out.returncode == 2
    assert out.stderr.strip().splitlines() == [
        "error: Invalid value for --memory-limit: memory limit 'x' is not a size: write it like "
        "4GB or 512MB (see soundcheck build --help)"
    ]


# -- one build with every default, one at a small memory limit with a sampled oracle ------------


@dataclass(frozen=True)
class Pair:
    full: BuildOutputs
    bounded: BuildOutputs


@pytest.fixture(scope="module")
def pair(tiny_warehouse: Path, tmp_path_factory: pytest.TempPathFactory) -> Pair:
    tmp = tmp_path_factory.mktemp("bounded")
    path = tmp / "wh.duckdb"
    shutil.copy2(tiny_warehouse, path)
    with warehouse.building(path, changes_content=False) as con:
        full = train_and_evaluate(con, BuildConfig(), _quiet)
    with warehouse.building(path, changes_content=False, limits=Limits("256MB", tmp)) as con:
        bounded = train_and_evaluate(con, BuildConfig(oracle_users=SAMPLE), _quiet)
    return Pair(full, bounded)


def test_a_build_at_256_mb_gives_every_model_the_same_figures(pair: Pair) -> None:
    models = [m for m in pair.full.metrics.index if m != ORACLE]
    pd.testing.assert_frame_equal(pair.bounded.metrics.loc[models], pair.full.metrics.loc[models])
    assert pair.bounded.candidate_recall == pair.full.candidate_recall


def test_the_full_oracle_records_no_sample(pair: Pair) -> None:
    assert pair.full.oracle_sample is None
    n_test = pair.full.split.test["user_id"].nunique()
    assert pair.full.metrics.loc[ORACLE, "users"] == n_test > SAMPLE


def test_the_sampled_oracle_is_the_full_oracle_on_the_sampled_listeners(pair: Pair) -> None:
    full = pair.full.per_user[pair.full.per_user["model"] == ORACLE].set_index("user_id")
    sampled = pair.bounded.per_user[pair.bounded.per_user["model"] == ORACLE]
    assert len(sampled) == SAMPLE
    assert sampled["user_id"].is_unique
    expected = full.loc[sampled["user_id"], "ndcg@10"].to_numpy()
    np.testing.assert_allclose(sampled["ndcg@10"].to_numpy(), expected, atol=1e-12)
    assert pair.bounded.metrics.loc[ORACLE, "ndcg@10"] == pytest.approx(expected.mean(), abs=1e-12)
    assert pair.bounded.metrics.loc[ORACLE, "users"] == SAMPLE


def test_the_sample_records_its_size_and_the_interval_it_leaves(pair: Pair) -> None:
    sample = pair.bounded.oracle_sample
    n_test = pair.full.split.test["user_id"].nunique()
    assert sample is not None
    assert (sample["users"], sample["of"]) == (SAMPLE, n_test)
    values = pair.bounded.per_user.loc[pair.bounded.per_user["model"] == ORACLE, "ndcg@10"]
    mean, sd = values.mean(), values.std(ddof=1)
    half = 1.96 * sd / np.sqrt(SAMPLE) * np.sqrt((n_test - SAMPLE) / (n_test - 1))
    low, high = sample["ci95"]["ndcg@10"]
    assert low == pytest.approx(mean - half, abs=1e-12)
    assert high == pytest.approx(mean + half, abs=1e-12)
    # the full-population oracle lies inside this sample's interval
    assert low <= pair.full.metrics.loc[ORACLE, "ndcg@10"] <= high


def test_a_sample_of_everyone_has_an_interval_of_no_width() -> None:
    per_user = pd.DataFrame({key: [0.0, 0.5, 1.0] for key in headline_keys()})
    sample = sample_interval(per_user, population=3)
    assert sample["users"] == sample["of"] == 3
    assert sample["ci95"]["ndcg@10"] == [0.5, 0.5]


# -- candidates kept for explanations -----------------------------------------------------------


@pytest.mark.parametrize(
    ("users", "expected"),
    [(3_000, None), (25_000, None), (25_001, 399), (100_000, 100), (10**7, 50)],
)
def test_every_candidate_is_kept_until_the_rows_would_pass_the_bound(
    users: int, expected: int | None
) -> None:
    # 4 generators x 100 candidates: at most 400 rows a listener
    assert BuildConfig().stored_per_user(users, 4) == expected


def test_a_chosen_number_of_stored_candidates_always_holds() -> None:
    assert BuildConfig(stored_candidates=7).stored_per_user(3_000, 4) == 7


@pytest.mark.slow
@pytest.mark.timeout(1800)  # a whole demo build: minutes on a loaded 2-core machine
def test_demo_builds_within_a_4_gb_memory_limit(tmp_path: Path) -> None:
    from recsys.synth import SynthConfig, generate_warehouse

    path = tmp_path / "demo.duckdb"
    generate_warehouse(path, SynthConfig.from_preset("demo"))
    spill = tmp_path / "spill"
    command = ["build", "-w", str(path), "--memory-limit", "4GB", "--temp-dir", str(spill)]
    out = subprocess.run(
        [sys.executable, "-m", "recsys", *command],
        capture_output=True,
        text=True,
        env={**os.environ},
        timeout=1200,
    )
    assert out.returncode == 0, out.stderr[-2000:]
    assert list(spill.iterdir()) == []
    con = warehouse.open_readonly(path)
    try:
        summary = json.loads(con.execute("SELECT summary FROM runs").fetchall()[0][0])
    finally:
        con.close()
    ndcg = {model: values["ndcg@10"] for model, values in summary["models"].items()}
    baselines = [m for m in ndcg if m not in (RANKER, ORACLE)]
    assert summary["users_evaluated"] == 2730
    assert ndcg[RANKER] > max(ndcg[m] for m in baselines)
    assert "oracle_sample" not in summary  # 2,730 test listeners: the oracle ranks them all
