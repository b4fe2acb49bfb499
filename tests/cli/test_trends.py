"""``soundcheck trends``: the JSON contract, the table, and one clear line for an unknown run
or a run without a genre map."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from typing import TYPE_CHECKING, Any

import pytest

from recsys import warehouse
from recsys.maps import map_clusters

if TYPE_CHECKING:
    from conftest import BuiltTiny

pytestmark = pytest.mark.slow


def soundcheck(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "recsys", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "SOUNDCHECK_LOG": "WARNING", "COLUMNS": "200"},
        timeout=300,
    )


def one_line_error(out: subprocess.CompletedProcess[str]) -> str:
    assert out.returncode == 1 and out.stdout == ""
    assert "Traceback" not in out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    return lines[0]


@pytest.fixture(scope="module")
def built(built_tiny: BuiltTiny, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """tiny after one build (the session's, read only), and a copy whose run has lost its map."""
    path, run_id = built_tiny.path, built_tiny.result.run_id
    bare = tmp_path_factory.mktemp("trends") / "bare.duckdb"
    shutil.copy2(path, bare)
    with warehouse.building(bare, changes_content=False) as con:
        con.execute("DELETE FROM map_runs")
    return {"path": path, "bare": bare, "run_id": run_id}


def test_json_lists_every_cluster_most_emerging_first(built: dict[str, Any]) -> None:
    out = soundcheck("trends", "-w", str(built["path"]), "--json")
    assert out.returncode == 0, out.stderr
    printed = json.loads(out.stdout)
    assert printed["run_id"] == built["run_id"]
    con = warehouse.open_readonly(built["path"])
    try:
        stored = map_clusters(con, built["run_id"])
    finally:
        con.close()
    stored = stored[stored["cluster_id"] >= 0]
    clusters = printed["clusters"]
    assert [c["cluster_id"] for c in clusters] == stored["cluster_id"].tolist()
    assert [c["label"] for c in clusters] == stored["label"].tolist()
    required = {
        "cluster_id", "label", "top_genres", "communities", "growth", "score", "significant",
        "exposure_gap",
    }  # fmt: skip
    for c in clusters:
        assert required <= set(c)
        assert isinstance(c["top_genres"], list) and c["top_genres"]
        assert all({"kind", "id", "growth"} <= set(d) for d in c["communities"])
        assert all(d["kind"] in ("country", "friends") for d in c["communities"])
    # significant clusters first, then by p-value
    flags = [c["significant"] for c in clusters]
    assert flags == sorted(flags, reverse=True)
    p = [c["p_value"] for c in clusters if not c["significant"]]
    assert p == sorted(p)
    assert (
        soundcheck("trends", "-w", str(built["path"]), "--json", "--run", built["run_id"]).stdout
        == out.stdout
    )


def test_the_table_names_the_top_cluster(built: dict[str, Any]) -> None:
    out = soundcheck("trends", "-w", str(built["path"]), "--top", "3")
    assert out.returncode == 0, out.stderr
    first = json.loads(soundcheck("trends", "-w", str(built["path"]), "--json").stdout)
    assert f"run {built['run_id']}" in out.stdout
    assert first["clusters"][0]["label"].split(" · ")[0] in out.stdout
    assert "clusters grow significantly" in out.stdout


def test_an_unknown_run_is_one_line(built: dict[str, Any]) -> None:
    line = one_line_error(soundcheck("trends", "-w", str(built["path"]), "--run", "nope"))
    assert line == "error: no run 'nope' in this warehouse"


def test_a_run_without_a_map_is_one_line(built: dict[str, Any]) -> None:
    run_id = built["run_id"]
    line = one_line_error(soundcheck("trends", "-w", str(built["bare"]), "--run", run_id))
    assert line.startswith(f"error: run '{run_id}' has no genre map")
    line = one_line_error(soundcheck("trends", "-w", str(built["bare"])))
    assert "no run in this warehouse has a genre map" in line
