"""The generator registry reaches every consumer: a registered dummy generator is fitted by the
build, proposes candidates, becomes features, is evaluated as a baseline, and is listed and
labelled by the Runs page, its figures, the CLI and the benchmarks.

Each assertion fails if that consumer stops reading :data:`recsys.model.registry.GENERATORS`.
"""

from __future__ import annotations

import importlib.util
import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from recsys import warehouse
from recsys.model import registry
from recsys.model.build import build
from recsys.model.candidates import MostPopular
from recsys.model.config import BuildConfig
from recsys.model.ranker import RankerConfig
from recsys.model.registry import GeneratorSpec
from recsys.plots import runs as runs_plots
from recsys.views import runs

ROOT = Path(__file__).resolve().parents[2]
DUMMY = GeneratorSpec(
    "dummy_recent",
    "Dummy (recent hits)",
    "The most played items of the last 7 days.",
    lambda config: MostPopular(window_days=7, name="dummy_recent"),
)


@pytest.fixture(scope="module")
def with_dummy() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(registry, "GENERATORS", (*registry.GENERATORS, DUMMY))
        yield


@pytest.fixture(scope="module")
def built(tiny_warehouse: Path, tmp_path_factory: pytest.TempPathFactory, with_dummy: None) -> Path:
    path = tmp_path_factory.mktemp("registry") / "w.duckdb"
    shutil.copy2(tiny_warehouse, path)
    build(path, BuildConfig(ranker=RankerConfig(n_jobs=1)), model_dir=path.parent / "models")
    return path


@pytest.fixture(scope="module")
def con(built: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    c = warehouse.open_readonly(built)
    yield c
    c.close()


def test_the_registry_names_each_generator_once_with_a_label() -> None:
    names = registry.generator_names()
    assert names == ("most_popular", "item_knn", "ease", "als")
    assert len(set(names)) == len(names)
    assert registry.model_order() == ("lightgbm_ranker", *names, "oracle")
    assert [registry.model_label(n) for n in names] == ["Most popular", "Item-kNN", "EASE", "ALS"]
    with pytest.raises(KeyError, match="no candidate generator 'nope'"):
        registry.spec("nope")


def test_factories_build_the_configured_generators() -> None:
    config = BuildConfig(knn_neighbours=7, ease_top_items=123, als_factors=5)
    made = {g.name: g.make(config) for g in registry.GENERATORS}
    assert [m.name for m in made.values()] == list(registry.generator_names())
    assert made["item_knn"].n_neighbours == 7  # type: ignore[attr-defined]
    assert made["ease"].top_items == 123  # type: ignore[attr-defined]
    assert made["als"].factors == 5  # type: ignore[attr-defined]


@pytest.mark.slow
def test_a_registered_generator_is_built_featured_and_evaluated(
    con: duckdb.DuckDBPyConnection,
) -> None:
    models = {r[0] for r in con.execute("SELECT DISTINCT model FROM metrics").fetchall()}
    assert "dummy_recent" in models
    features = {r[0] for r in con.execute("SELECT name FROM feature_catalog").fetchall()}
    assert {"dummy_recent_score", "dummy_recent_rank"} <= features
    sources = con.execute(
        "SELECT count(*) FROM recommendations WHERE list_contains(sources, 'dummy_recent')"
    ).fetchone()
    assert sources is not None and sources[0] > 0
    summary = json.loads(con.execute("SELECT summary FROM runs").fetchone()[0])  # type: ignore[index]
    assert "dummy_recent" in summary["models"]


@pytest.mark.slow
def test_the_runs_page_back_end_and_figures_list_and_label_it(
    con: duckdb.DuckDBPyConnection, with_dummy: None
) -> None:
    table = runs.model_table(con)
    order = list(table["model"])
    assert order.index("dummy_recent") == order.index("als") + 1  # registry order
    fig = runs_plots.model_comparison(table)
    assert "Dummy (recent hits)" in list(fig.data[0].x)


@pytest.mark.slow
def test_the_cli_reports_it(built: Path, with_dummy: None) -> None:
    from recsys.cli import app

    out = CliRunner().invoke(app, ["metrics", "--warehouse", str(built), "--json"])
    assert out.exit_code == 0, out.output
    assert "dummy_recent" in json.loads(out.stdout)["models"]


def test_the_candidate_benchmark_times_every_registered_generator(with_dummy: None) -> None:
    spec = importlib.util.spec_from_file_location(
        "bench_candidates", ROOT / "benchmarks" / "bench_candidates.py"
    )
    assert spec is not None and spec.loader is not None
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    makers = bench.candidates()
    assert list(makers)[: len(registry.GENERATORS)] == list(registry.generator_names())
    assert makers["dummy_recent"]().name == "dummy_recent"
