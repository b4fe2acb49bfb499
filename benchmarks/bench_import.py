"""Time ``soundcheck import`` per format against DuckDB's own plain read of the same file.

For each format a file of at least ``--plays`` plays (5M by default) is generated with DuckDB in
a temporary folder, shaped like the real export (Spotify's JSON array with its private fields,
Last.fm 1K's TSV with empty MusicBrainz ids, a ListenBrainz dump, hetrec's play counts, a CSV).
Each measurement runs in a fresh subprocess:

* ``read``: DuckDB reading the file into an in-memory table with its own defaults
  (``CREATE TABLE raw AS SELECT * FROM read_json/read_csv(...)``) — the floor for any import;
* ``import``: :func:`recsys.io.import_data` into a new warehouse — read, validate, normalise,
  resolve ids, de-duplicate and write, all or nothing.

Medians, the ratio import/read and the machine's size go to ``benchmarks/results/import.json``::

    python benchmarks/bench_import.py                      # 5M plays, 3 repeats
    python benchmarks/bench_import.py --plays 200000 --repeat 1 --formats csv
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _machine import machine

RESULTS = Path(__file__).resolve().parent / "results" / "import.json"
FORMATS = ("spotify", "lastfm-1k", "listenbrainz", "hetrec-lastfm", "csv")

# Shared shape of the generated listening: 20k users, 60k artists, 600k tracks, Zipf-like
# popularity (a cubed uniform draw), one play every ~13 s of a user's clock.
_PLAYS = """
SELECT
    i,
    i % 20000 AS u,
    CAST(floor(600000 * pow((hash(i) % 1000003) / 1000003.0, 3)) AS BIGINT) AS t,
    TIMESTAMP '2019-01-01' + to_seconds(CAST(i // 20000 * 2600 + hash(i * 7) % 2500 AS BIGINT))
        AS ts,
    CAST(hash(i * 13) % 300000 AS BIGINT) AS ms
FROM range({n}) r(i)
"""


def _generate(
    con: duckdb.DuckDBPyConnection, fmt: str, folder: Path, n: int
) -> tuple[Path, Path, str]:
    """Write the input for ``fmt``; return (what to import, the main file, its plain read)."""
    _uuid_macro(con)
    con.execute(f"CREATE TABLE p AS {_PLAYS.format(n=n)}")
    con.execute("CREATE TABLE p2 AS SELECT *, t // 10 AS a FROM p")
    if fmt == "spotify":
        path = folder / "Streaming_History_Audio_2019-2024.json"
        con.execute(f"""COPY (SELECT
            strftime(ts, '%Y-%m-%dT%H:%M:%SZ') AS ts, 'donor_' || u AS username,
            'Android OS 13 API 33 (Google, Pixel 7)' AS platform, ms AS ms_played,
            'DE' AS conn_country, '203.0.113.' || (u % 250) AS ip_addr,
            CASE WHEN i % 50 = 0 THEN NULL ELSE 'Track ' || t END AS master_metadata_track_name,
            CASE WHEN i % 50 = 0 THEN NULL ELSE 'Artist ' || a END
                AS master_metadata_album_artist_name,
            'Album ' || (t // 4) AS master_metadata_album_album_name,
            CASE WHEN i % 50 = 0 THEN NULL ELSE 'spotify:track:' || md5(CAST(t AS VARCHAR))[:22]
                END AS spotify_track_uri,
            CASE WHEN i % 50 = 0 THEN 'Episode ' || t END AS episode_name,
            CASE WHEN i % 50 = 0 THEN 'Show' END AS episode_show_name,
            CASE WHEN i % 50 = 0 THEN 'spotify:episode:x' || t END AS spotify_episode_uri,
            NULL AS audiobook_title, NULL AS audiobook_uri, NULL AS audiobook_chapter_uri,
            NULL AS audiobook_chapter_title, 'trackdone' AS reason_start,
            CASE WHEN ms < 30000 THEN 'fwdbtn' ELSE 'trackdone' END AS reason_end,
            i % 3 = 0 AS shuffle, CASE WHEN i % 7 = 0 THEN NULL ELSE ms < 30000 END AS skipped,
            false AS offline, NULL AS offline_timestamp, false AS incognito_mode
            FROM p2 ORDER BY i) TO '{path}' (FORMAT json, ARRAY true)""")
        return path, path, f"read_json('{path}', format = 'array')"
    if fmt == "lastfm-1k":
        path = folder / "userid-timestamp-artid-artname-traid-traname.tsv"
        con.execute(f"""COPY (SELECT
            printf('user_%06d', u), strftime(ts, '%Y-%m-%dT%H:%M:%SZ'),
            CASE WHEN a % 3 = 0 THEN '' ELSE _uuid(a) END, 'Artist ' || a,
            CASE WHEN t % 4 = 0 THEN '' ELSE _uuid(t + 1000000) END, 'Track ' || t
            FROM p2 ORDER BY u, ts) TO '{path}'
            (FORMAT csv, DELIMITER '\t', HEADER false, QUOTE '')""")
        return path, path, f"read_csv('{path}', delim = '\t', header = false, quote = '')"
    if fmt == "listenbrainz":
        path = folder / "2024.listens"
        con.execute(f"""COPY (SELECT
            epoch(ts)::BIGINT AS listened_at, 'lb_' || u AS user_name,
            {{'artist_name': 'Artist ' || a, 'track_name': 'Track ' || t,
              'release_name': 'Album ' || (t // 4),
              'additional_info': {{
                  'artist_mbids': [_uuid(a)], 'recording_mbid': _uuid(t + 1000000),
                  'duration_ms': 180000 + t % 120000,
                  'submission_client': 'Pano Scrobbler', 'media_player': 'Spotify'}}
            }} AS track_metadata, md5(CAST(i AS VARCHAR)) AS recording_msid
            FROM p2 ORDER BY i) TO '{path}' (FORMAT json)""")
        return path, path, f"read_json('{path}', format = 'newline_delimited')"
    if fmt == "hetrec-lastfm":
        root = folder / "hetrec2011-lastfm-2k"
        root.mkdir()
        con.execute(f"""COPY (SELECT DISTINCT a AS id, 'Artist ' || a AS name,
            'http://www.last.fm/music/' || a AS url, '' AS pictureURL FROM p2 ORDER BY id)
            TO '{root / "artists.dat"}' (FORMAT csv, DELIMITER '\t', HEADER true, QUOTE '')""")
        con.execute(f"""COPY (SELECT i // 50 + 1 AS userID,
            (i % 50) * 1201 + (i // 50) % 1201 AS artistID,
            (hash(i) % 5000) + 1 AS weight FROM range({n}) r(i) ORDER BY i)
            TO '{root / "user_artists.dat"}' (FORMAT csv, DELIMITER '\t', HEADER true, QUOTE '')""")
        con.execute(f"""COPY (SELECT i AS tagID, 'tag ' || i AS tagValue FROM range(1, 5000) r(i))
            TO '{root / "tags.dat"}' (FORMAT csv, DELIMITER '\t', HEADER true, QUOTE '')""")
        con.execute(f"""COPY (SELECT i % 20000 + 1 AS userID, i % 60000 AS artistID,
            i % 4999 + 1 AS tagID, 1 AS day, 5 AS month, 2009 AS year FROM range({n // 10}) r(i))
            TO '{root / "user_taggedartists.dat"}'
            (FORMAT csv, DELIMITER '\t', HEADER true, QUOTE '')""")
        con.execute(f"""COPY (SELECT i % 20000 + 1 AS userID, (i * 31) % 20000 + 1 AS friendID
            FROM range(50000) r(i)) TO '{root / "user_friends.dat"}'
            (FORMAT csv, DELIMITER '\t', HEADER true, QUOTE '')""")
        main = root / "user_artists.dat"
        return root, main, f"read_csv('{main}', delim = '\t')"
    path = folder / "plays.csv"
    con.execute(f"""COPY (SELECT 'u' || u AS "user", strftime(ts, '%Y-%m-%d %H:%M:%S') AS played_at,
        'Artist ' || a AS artist, 'Track ' || t AS title, ms AS ms_played FROM p2 ORDER BY i)
        TO '{path}' (FORMAT csv, HEADER true)""")
    return path, path, f"read_csv('{path}')"


def _uuid_macro(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("""CREATE MACRO _uuid(x) AS (
        substr(md5(CAST(x AS VARCHAR)), 1, 8) || '-' || substr(md5(CAST(x AS VARCHAR)), 9, 4)
        || '-' || substr(md5(CAST(x AS VARCHAR)), 13, 4) || '-'
        || substr(md5(CAST(x AS VARCHAR)), 17, 4) || '-'
        || substr(md5(CAST(x AS VARCHAR)), 21, 12))""")


# Peak memory is the child's VmHWM: ru_maxrss would carry over the parent's peak across exec.
_PEAK = r"""
def peak_mb():
    with open("/proc/self/status") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
"""

READ_CHILD = (
    _PEAK
    + r"""
import json, sys, time, duckdb
con = duckdb.connect()
t = time.perf_counter()
con.execute("CREATE TABLE raw AS SELECT * FROM " + sys.argv[1])
seconds = time.perf_counter() - t
rows = con.execute("SELECT count(*) FROM raw").fetchone()[0]
print(json.dumps({"seconds": seconds, "rows": rows, "peak_rss_mb": peak_mb()}))
"""
)

IMPORT_CHILD = (
    _PEAK
    + r"""
import json, sys, time
from recsys.io import CsvMapping, import_data
mapping = None
if sys.argv[2] == "csv":
    mapping = CsvMapping({"user": "user", "ts": "played_at", "artist": "artist",
                          "track": "title", "ms_played": "ms_played"})
t = time.perf_counter()
s = import_data(sys.argv[1], sys.argv[2], sys.argv[3], mapping=mapping)
seconds = time.perf_counter() - t
print(json.dumps({"seconds": seconds, "read": s.read, "kept": s.kept, "added": dict(s.added),
                  "dropped": s.dropped, "peak_rss_mb": peak_mb()}))
"""
)


def _child(code: str, *args: str) -> dict[str, Any]:
    out = subprocess.run(
        [sys.executable, "-c", code, *args], check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def bench_format(fmt: str, n: int, repeat: int, tmp: Path) -> dict[str, Any]:
    """Generate, then time the plain read and the import ``repeat`` times each."""
    folder = tmp / fmt
    folder.mkdir()
    t = time.perf_counter()
    with duckdb.connect() as con:
        source, main, read_sql = _generate(con, fmt, folder, n)
    generated = time.perf_counter() - t
    size = sum(p.stat().st_size for p in ([source] if source.is_file() else source.rglob("*")))
    reads = [_child(READ_CHILD, read_sql) for _ in range(repeat)]
    imports = []
    for i in range(repeat):
        wh = tmp / f"{fmt}-{i}.duckdb"
        imports.append(_child(IMPORT_CHILD, str(wh), fmt, str(source)))
        wh.unlink()
    read_s = statistics.median(r["seconds"] for r in reads)
    import_s = statistics.median(r["seconds"] for r in imports)
    last = imports[-1]
    print(
        f"{fmt}: read {read_s:.1f} s, import {import_s:.1f} s, ratio {import_s / read_s:.2f}",
        file=sys.stderr,
    )
    for p in folder.rglob("*"):
        if p.is_file():
            p.unlink()
    return {
        "input_mb": round(size / 2**20, 1),
        "main_file": main.name,
        "rows_in_main_file": reads[0]["rows"],
        "generate_s": round(generated, 1),
        "read_s": [round(r["seconds"], 2) for r in reads],
        "import_s": [round(r["seconds"], 2) for r in imports],
        "read_median_s": round(read_s, 2),
        "import_median_s": round(import_s, 2),
        "ratio_import_to_read": round(import_s / read_s, 2),
        "import_records_per_s": round(last["read"] / import_s),
        "records_read": last["read"],
        "records_kept": last["kept"],
        "dropped": last["dropped"],
        "added": last["added"],
        "read_peak_rss_mb": round(max(r["peak_rss_mb"] for r in reads)),
        "import_peak_rss_mb": round(max(r["peak_rss_mb"] for r in imports)),
    }


def main() -> None:
    """Run the benchmark and write its JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--plays", type=int, default=5_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--formats", nargs="+", default=list(FORMATS), choices=FORMATS)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    results: dict[str, Any] = {}
    with tempfile.TemporaryDirectory(prefix="soundcheck-bench-import-") as tmp:
        for fmt in args.formats:
            results[fmt] = bench_format(fmt, args.plays, args.repeat, Path(tmp))
    report = {
        "benchmark": "import",
        "machine": machine(),
        "plays": args.plays,
        "repeat": args.repeat,
        "baseline": "DuckDB reading the same file into an in-memory table with its defaults",
        "formats": results,
    }
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(
        json.dumps(
            {
                f: {k: r[k] for k in ("read_median_s", "import_median_s", "ratio_import_to_read")}
                for f, r in results.items()
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
