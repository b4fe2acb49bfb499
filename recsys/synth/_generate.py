"""Orchestrate the generator and write its output into a warehouse."""

from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing as mp
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime

import duckdb
import numpy as np
import pyarrow as pa

from recsys import warehouse
from recsys.schema import STATS_TABLES
from recsys.synth._catalog import Catalog, make_catalog
from recsys.synth._config import SynthConfig
from recsys.synth._listens import Policy, build_policy, make_listens
from recsys.synth._truth import truth_tables
from recsys.synth._users import Population, make_friends, make_population

__all__ = ["Progress", "generate", "generate_warehouse"]

log = logging.getLogger(__name__)

Progress = Callable[[str, float], None]
"""Progress callback: ``progress(step_description, fraction_done)``."""


def _noop(step: str, fraction: float) -> None:
    log.debug("%s %.0f%%", step, fraction * 100)


def _insert(
    con: duckdb.DuckDBPyConnection, table: str, frame: object, dataset_id: int | None = None
) -> None:
    """Append a DataFrame or Arrow table to ``table`` (a name from this module, never input).

    With ``dataset_id``, the frame's columns are matched by name and every row is tagged with it.
    """
    con.register("_synth_rows", frame)
    try:
        if dataset_id is None:
            con.execute(f"INSERT INTO {table} SELECT * FROM _synth_rows")
        else:
            con.execute(
                f"INSERT INTO {table} BY NAME SELECT *, $id AS dataset_id FROM _synth_rows",
                {"id": dataset_id},
            )
    finally:
        con.unregister("_synth_rows")


_SHARED: tuple[SynthConfig, Catalog, Population, Policy] | None = None
"""What forked workers read (copy-on-write) instead of receiving it pickled."""


def _chunk_worker(job: tuple[np.ndarray, np.random.SeedSequence]) -> pa.Table:
    assert _SHARED is not None
    config, cat, pop, policy = _SHARED
    users, seed = job
    return make_listens(config, cat, pop, policy, users, np.random.default_rng(seed))


def _listen_chunks(
    config: SynthConfig,
    cat: Catalog,
    pop: Population,
    policy: Policy,
    chunks: list[tuple[np.ndarray, np.random.SeedSequence]],
) -> Iterator[pa.Table]:
    """Listens chunk by chunk, in order; several chunks are generated in forked processes.

    Each chunk has its own seed, so the output does not depend on how many processes ran.
    """
    global _SHARED
    workers = min(len(chunks), os.cpu_count() or 1, 4)
    if workers < 2 or "fork" not in mp.get_all_start_methods():
        for users, seed in chunks:
            yield make_listens(config, cat, pop, policy, users, np.random.default_rng(seed))
        return
    _SHARED = (config, cat, pop, policy)
    try:
        with ProcessPoolExecutor(workers, mp_context=mp.get_context("fork")) as pool:
            yield from pool.map(_chunk_worker, chunks)
    finally:
        _SHARED = None


def generate(
    con: duckdb.DuckDBPyConnection, config: SynthConfig, progress: Progress | None = None
) -> dict[str, int]:
    """Write a generated dataset into an (empty) warehouse connection.

    Args:
        con: read-write connection with the canonical schema in place.
        config: sizes, time span, seed and plants.
        progress: optional callback fed with the current step and the fraction done.

    Returns:
        Row counts of the canonical tables.
    """
    progress = progress or _noop
    seq = np.random.SeedSequence(config.seed)
    s_cat, s_users, s_friends, s_listens = seq.spawn(4)
    progress("catalogue", 0.0)
    cat = make_catalog(config, np.random.default_rng(s_cat))
    progress("listeners", 0.04)
    pop = make_population(config, cat.genres, np.random.default_rng(s_users))
    friends = make_friends(pop, np.random.default_rng(s_friends))
    policy = build_policy(config, cat)
    dataset_id = warehouse.next_dataset_id(con)
    _insert(con, "genres", cat.genres.frame)
    _insert(con, "artists", cat.artists)
    _insert(con, "tracks", cat.tracks)
    _insert(con, "artist_genres", cat.artist_genres)
    users = pop.users.assign(pseudonym="")[
        ["user_id", "pseudonym", "country", "age_group", "gender", "signup_ts"]
    ]
    _insert(con, "users", users)
    con.execute(
        "UPDATE users SET pseudonym = sha256($salt || ':synthetic:' || user_id::VARCHAR)",
        {"salt": warehouse.get_meta(con, "salt")},
    )
    _insert(con, "friends", friends, dataset_id)
    chunks = [
        (np.arange(lo, min(lo + config.chunk_users, config.n_users)), seed)
        for lo, seed in zip(
            range(0, config.n_users, config.chunk_users),
            s_listens.spawn(-(-config.n_users // config.chunk_users)),
            strict=True,
        )
    ]
    for i, table in enumerate(_listen_chunks(config, cat, pop, policy, chunks)):
        progress(f"listens {i + 1}/{len(chunks)}", 0.08 + 0.82 * (i + 1) / len(chunks))
        _insert(con, "listens", table, dataset_id)
    progress("ground truth", 0.92)
    for name, frame in truth_tables(config, cat, pop).items():
        con.register("_truth", frame)
        con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM _truth")
        con.unregister("_truth")
    counts = warehouse.row_counts(con, STATS_TABLES)
    con.execute(
        "INSERT INTO datasets (name, grain, imported_at, source_format, row_counts, "
        "content_hash, dataset_id) VALUES ($name, 'track', $at, 'synthetic', $counts, $hash, $id)",
        {
            "id": dataset_id,
            "name": f"synthetic-{config.preset}",
            "at": datetime.now(UTC).replace(tzinfo=None),
            "counts": json.dumps(counts),
            "hash": hashlib.sha256(
                json.dumps(config.to_dict(), sort_keys=True, default=str).encode()
            ).hexdigest(),
        },
    )
    con.execute(
        "INSERT OR REPLACE INTO meta VALUES ('synthetic_config', $c)",
        {"c": json.dumps(config.to_dict(), default=str)},
    )
    progress("done", 1.0)
    return counts


def generate_warehouse(
    path: str | os.PathLike[str], config: SynthConfig, progress: Progress | None = None
) -> dict[str, int]:
    """Generate a fresh warehouse at ``path``, replacing any warehouse there atomically."""
    with warehouse.building(path, fresh=True) as con:
        counts = generate(con, config, progress)
    log.info("generated %s: %s", path, counts)
    return counts
