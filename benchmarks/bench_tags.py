"""Tag figures on hetrec-style data: genres before and after, coverage, opinions, inference.

There is no real hetrec2011-lastfm-2k file on the build machines, so the data come from the
fixture generator ``scripts/hetrec_like.py`` (hetrec's size and tag shape, with planted truth);
the figures describe that fixture, not the real dataset. The script imports the fixture into a
new warehouse twice (the second import must add nothing) and into a second new warehouse (the
genres must be identical), then writes to ``benchmarks/results/tags.json``:

* genres before (distinct normalised tags: what the flat import made into genres) and after,
  those used by a single artist before, and genres with a parent;
* the share of tagged artists with at least one canonical genre;
* opinion tags dropped (distinct tags and artist-tag pairs); tags kept raw as unknown;
* artists with an inferred gender or country, and their precision against the planted truth;
* the import's time.

    .venv/bin/python benchmarks/bench_tags.py [--scale 1.0] [--seed 7]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT))
from _machine import machine  # noqa: E402
from hetrec_like import write  # noqa: E402

from recsys import warehouse  # noqa: E402
from recsys.io import import_data  # noqa: E402
from recsys.tags import kinds, tag_figures  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results" / "tags.json"

_SINGLE_ARTIST = """
SELECT count(*) FROM (
    SELECT lower(tag) FROM artist_tags GROUP BY lower(tag) HAVING count(*) = 1
)"""
_INFERRED = """
SELECT a.name, i.attribute, i.value FROM artist_attributes_inferred i JOIN artists a
USING (artist_id)"""
_GENRES = "SELECT genre_id, name, parent_id FROM genres ORDER BY genre_id"
_TOP_UNKNOWN = """
SELECT lower(tag) AS tag, count(*) AS artists FROM artist_tags WHERE kind = 'unknown'
GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 10"""


def _rows(path: Path, text: str) -> list[tuple[Any, ...]]:
    con = warehouse.open_readonly(path)
    try:
        return con.execute(text).fetchall()
    finally:
        con.close()


def run(scale: float, seed: int) -> dict[str, Any]:
    """Generate, import and measure; return the figures."""
    with tempfile.TemporaryDirectory(prefix="soundcheck-tags-") as tmp:
        folder, planted = write(Path(tmp), scale=scale, seed=seed)
        first, second = Path(tmp, "a.duckdb"), Path(tmp, "b.duckdb")
        started = time.perf_counter()
        summary = import_data(first, "hetrec-lastfm", folder)
        seconds = time.perf_counter() - started
        again = import_data(first, "hetrec-lastfm", folder)
        import_data(second, "hetrec-lastfm", folder)
        con = warehouse.open_readonly(first)
        try:
            figures = tag_figures(con).to_dict()
            by_kind = kinds(con)
        finally:
            con.close()
        inferred = _rows(first, _INFERRED)
        precision: dict[str, Any] = {}
        for attribute, key in (("gender", "lead"), ("country", "country")):
            got = [(n, v) for n, a, v in inferred if a == attribute]
            correct = sum(getattr(planted[n], key) == v for n, v in got)
            precision[attribute] = {
                "inferred": len(got),
                "correct": correct,
                "precision": round(correct / len(got), 6) if got else None,
            }
        return {
            "data": "scripts/hetrec_like.py fixture (not the real hetrec2011 dataset)",
            "scale": scale,
            "seed": seed,
            "artists": len(planted),
            "figures": figures,
            "single_artist_tags_before": _rows(first, _SINGLE_ARTIST)[0][0],
            "kinds": [
                {
                    "kind": r.kind,
                    "tags": int(r.tags),
                    "pairs": int(r.pairs),
                    "most_used": list(r.most_used),
                }
                for r in by_kind.itertuples()
            ],
            "top_unknown": [list(r) for r in _rows(first, _TOP_UNKNOWN)],
            "inferred_precision": precision,
            "reimport_added": sum(again.added.values()),
            "same_genres_in_a_fresh_warehouse": _rows(first, _GENRES) == _rows(second, _GENRES),
            "import_seconds": round(seconds, 2),
            "import_added": dict(summary.added),
        }


def main() -> None:
    """Measure and write ``benchmarks/results/tags.json``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    result = {"machine": machine(), **run(args.scale, args.seed)}
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
