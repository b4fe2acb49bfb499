"""Side-by-side ratios: features in DuckDB vs pandas, native vs hand-written candidate code,
import vs DuckDB's plain read.

Everything runs on one warehouse (the ``demo`` preset, generated in a temporary folder unless
``--warehouse`` names one) and its evaluation split, as a build sees it. Each pair is timed
``--runs`` times alternating A and B (A, B, B, A, A, B, ...), so a change in the machine's load
falls on both; the medians and their ratios go to ``benchmarks/results/ratios.json`` with the
machine's facts and its load average before and after::

    python benchmarks/bench_ratios.py
    python benchmarks/bench_ratios.py --runs 3 --only features models
    python benchmarks/bench_ratios.py --warehouse data/soundcheck.duckdb --import-plays 200000

Three comparisons, each checked for equal results before it is timed:

* ``features``: :func:`recsys.model.features.compute_features` (DuckDB, its SQL
  ``recsys/sql/model/features.sql``) against the same eighteen features written in pandas
  below, on the test window's candidates of every evaluated listener; the two frames must
  agree to 1e-9 (the catalogue tables are handed to pandas already in memory, as DuckDB has
  them in the warehouse);
* ``models``: item-kNN, EASE and ALS fitted on the test-time history and recommending 100
  items to every listener, each with ``implicit``'s native code (threaded ``all_pairs_knn``
  and item-item scorer for item-kNN, ``cpu.topk`` for ALS and EASE) against hand-written
  scipy/numpy code (kept below), with the overlap of the two lists and each one's NDCG@10 and
  recall@100 on the test window; ``in_use`` says which one the generator runs (EASE keeps
  numpy's top-k, which measured faster); then the three models against each other, wall and
  CPU seconds (CPU counts every thread: the work, whatever the load);
* ``import``: :func:`recsys.io.import_data` (what ``soundcheck import`` runs) of a generated
  file against DuckDB's ``CREATE TABLE AS SELECT * FROM read_csv/read_json`` of the same file,
  each in a fresh interpreter (generators and children from ``bench_import.py``).
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _machine import machine

log = logging.getLogger("bench_ratios")

RESULTS = Path(__file__).resolve().parent / "results" / "ratios.json"
PARTS = ("features", "models", "import")
K = 100
"""List length asked of every generator (the build's ``n_candidates``)."""


# --------------------------------------------------------------------------- timing helpers


class Timed:
    """Wall-clock and CPU seconds (this process, every thread) of repeated calls."""

    def __init__(self) -> None:
        self.wall: list[float] = []
        self.cpu: list[float] = []

    def __call__(self, fn: Callable[[], Any]) -> None:
        w, c = time.perf_counter(), time.process_time()
        fn()
        self.wall.append(time.perf_counter() - w)
        self.cpu.append(time.process_time() - c)


def alternate(a: Callable[[], Any], b: Callable[[], Any], runs: int) -> tuple[Timed, Timed]:
    """Time ``a`` and ``b`` ``runs`` times each in the order A B B A A B ..."""
    ta, tb = Timed(), Timed()
    for i in range(runs):
        for fn, out in ((a, ta), (b, tb)) if i % 2 == 0 else ((b, tb), (a, ta)):
            out(fn)
    return ta, tb


def summary(a_name: str, ta: Timed, b_name: str, tb: Timed, *, cpu: bool = True) -> dict[str, Any]:
    """Medians of both sides (wall and CPU), every run, and the ratios of the medians (B / A).

    CPU seconds count every thread of this process, so they measure the work done whatever
    the load; wall seconds are what a user waits, and are what threads shorten when cores
    are free.
    """
    out: dict[str, Any] = {}
    for kind, a, b in (("wall", ta.wall, tb.wall), ("cpu", ta.cpu, tb.cpu)):
        if kind == "cpu" and not cpu:
            continue
        ma, mb = statistics.median(a), statistics.median(b)
        out |= {
            f"{a_name}_{kind}_median_s": round(ma, 3),
            f"{b_name}_{kind}_median_s": round(mb, 3),
            f"{a_name}_{kind}_runs_s": [round(x, 3) for x in a],
            f"{b_name}_{kind}_runs_s": [round(x, 3) for x in b],
            f"ratio_{b_name}_to_{a_name}_{kind}": round(mb / ma, 2),
        }
    return out


# ----------------------------------------------------------------------------- the data


class Demo:
    """The warehouse's interactions, split and test-time history, as the build makes them."""

    def __init__(self, path: Path) -> None:
        from recsys import warehouse
        from recsys.model.build import dataset_grain, load_interactions, target_weights
        from recsys.model.split import SplitConfig, make_split

        self.path = path
        con = warehouse.open_readonly(path)
        try:
            self.grain, events = dataset_grain(con)
            interactions = load_interactions(con, self.grain, events)
            self.catalogue = Catalogue.load(con, self.grain)
        finally:
            con.close()
        self.split = make_split(target_weights(interactions), SplitConfig())
        hist = self.split.test_features_history
        cols = [c for c in ("user_id", "item_id", "ts", "weight", "skipped") if c in hist]
        # as the build hands it to generators and features: every play counts once
        self.history = hist[cols].assign(weight=1.0)
        self.users = np.sort(self.split.test["user_id"].unique())
        self.cutoff = self.split.test_start


class Catalogue:
    """The warehouse tables the features read, as pandas frames (loaded once, untimed)."""

    def __init__(
        self, items: pd.DataFrame, artist_genres: pd.DataFrame, users: pd.DataFrame
    ) -> None:
        self.items = items
        self.artist_genres = artist_genres
        self.users = users

    @classmethod
    def load(cls, con: Any, grain: str) -> Catalogue:
        from recsys import sql, warehouse

        cur = warehouse.cursor(con)
        try:
            cur.execute(sql.load("model/items_track" if grain == "track" else "model/items_artist"))
            items = cur.execute("SELECT item_id, artist_id, release_date FROM items").df()
            ag = cur.execute(
                "SELECT ag.artist_id, ag.genre_id, ag.weight, g.parent_id AS genre_parent "
                "FROM artist_genres ag JOIN genres g USING (genre_id)"
            ).df()
            users = cur.execute("SELECT user_id, country FROM users").df()
        finally:
            cur.close()
        return cls(items, ag, users)


# ------------------------------------------------------------------- (a) features in pandas


def features_pandas(
    cat: Catalogue, history: pd.DataFrame, cands: pd.DataFrame, cutoff: pd.Timestamp
) -> pd.DataFrame:
    """The features of ``recsys/sql/model/features.sql``, step for step, in pandas."""
    recent_from = cutoff - pd.Timedelta(days=28)
    previous_from = cutoff - pd.Timedelta(days=56)
    h = history.merge(cat.items[["item_id", "artist_id"]], on="item_id")
    h = h.assign(
        recent_w=h["weight"].where(h["ts"] >= recent_from, 0.0),
        previous_w=h["weight"].where((h["ts"] >= previous_from) & (h["ts"] < recent_from), 0.0),
        skip_int=h["skipped"].astype("Int64"),
    )
    hu = h.loc[h["user_id"].isin(cands["user_id"].unique())]

    g = h.groupby("item_id")
    item_stats = pd.DataFrame(
        {
            "plays": g["weight"].sum(),
            "recent": g["recent_w"].sum(),
            "previous": g["previous_w"].sum(),
            "skip_rate": _skip_rate(g),
            "listeners": g["user_id"].nunique(),
        }
    )
    ga = h.groupby("artist_id")
    artist_stats = pd.DataFrame({"a_plays": ga["weight"].sum(), "a_recent": ga["recent_w"].sum()})

    hs = hu.assign(log_item=np.log1p(item_stats["plays"].reindex(hu["item_id"]).to_numpy()))
    hs = hs.assign(wl=hs["weight"] * hs["log_item"])
    gu = hs.groupby("user_id")
    user_stats = pd.DataFrame(
        {
            "u_plays": gu["weight"].sum(),
            "distinct_items": gu["item_id"].nunique(),
            "u_skip_rate": _skip_rate(gu),
            "mainstream": gu["wl"].sum() / gu["weight"].sum(),
        }
    )
    user_artist = (
        hu.groupby(["user_id", "artist_id"])
        .agg(ua_plays=("weight", "sum"), last_ts=("ts", "max"))
        .reset_index()
    )

    ag = cat.artist_genres
    ag = ag.assign(
        parent_id=ag["genre_parent"].fillna(ag["genre_id"]).astype(np.int64),
        share=ag["weight"] / ag.groupby("artist_id")["weight"].transform("sum"),
    )
    hg = hu[["user_id", "artist_id", "weight"]].merge(
        ag[["artist_id", "genre_id", "parent_id", "share"]], on="artist_id"
    )
    hg["ws"] = hg["weight"] * hg["share"]
    user_genre = _shares(hg, "genre_id")
    user_parent = _shares(hg, "parent_id")

    ci = cands[["user_id", "item_id"]].merge(cat.items[["item_id", "artist_id"]], on="item_id")
    cg = ci.merge(ag[["artist_id", "genre_id", "share"]], on="artist_id")
    cg = cg.merge(user_genre, on=["user_id", "genre_id"], how="left", suffixes=("", "_u"))
    cg["v"] = cg["share"] * cg["share_u"].fillna(0.0)
    cand_genre = cg.groupby(["user_id", "item_id"], as_index=False)["v"].sum()
    ap = ag.groupby(["artist_id", "parent_id"], as_index=False)["share"].sum()
    cp = ci.merge(ap, on="artist_id")
    cp = cp.merge(user_parent, on=["user_id", "parent_id"], how="left", suffixes=("", "_u"))
    cp["v"] = cp["share"] * cp["share_u"].fillna(0.0)
    cand_parent = cp.groupby(["user_id", "item_id"], as_index=False)["v"].sum()

    hc = h.loc[h["ts"] >= previous_from, ["user_id", "item_id", "weight"]].merge(
        cat.users.dropna(subset=["country"]), on="user_id"
    )
    country_item = hc.groupby(["country", "item_id"], as_index=False)["weight"].sum()
    country_item["share"] = country_item["weight"] / country_item.groupby("country")[
        "weight"
    ].transform("sum")

    out = cands.merge(cat.items, on="item_id")
    out = out.merge(item_stats, left_on="item_id", right_index=True, how="left")
    out = out.merge(artist_stats, left_on="artist_id", right_index=True, how="left")
    out = out.merge(user_stats, left_on="user_id", right_index=True, how="left")
    out = out.merge(cand_genre.rename(columns={"v": "ga"}), on=["user_id", "item_id"], how="left")
    out = out.merge(cand_parent.rename(columns={"v": "pa"}), on=["user_id", "item_id"], how="left")
    out = out.merge(user_artist, on=["user_id", "artist_id"], how="left")
    out = out.merge(cat.users, on="user_id", how="left")
    out = out.merge(
        country_item[["country", "item_id", "share"]], on=["country", "item_id"], how="left"
    )
    day = cutoff.normalize()
    feats = {
        "item_plays": np.log1p(out["plays"].fillna(0.0)),
        "item_plays_recent": np.log1p(out["recent"].fillna(0.0)),
        "item_trend": np.log((1 + out["recent"].fillna(0.0)) / (1 + out["previous"].fillna(0.0))),
        "item_listeners": np.log1p(out["listeners"].fillna(0.0)),
        "artist_plays": np.log1p(out["a_plays"].fillna(0.0)),
        "artist_plays_recent": np.log1p(out["a_recent"].fillna(0.0)),
        "item_skip_rate": out["skip_rate"].fillna(0.2),
        "user_activity": np.log1p(out["u_plays"]),
        "user_variety": out["distinct_items"] / out["u_plays"],
        "user_skip_rate": out["u_skip_rate"],
        "user_mainstreaminess": out["mainstream"],
        "genre_affinity": out["ga"].fillna(0.0),
        "parent_genre_affinity": out["pa"].fillna(0.0),
        "artist_familiarity": np.log1p(out["ua_plays"].fillna(0.0)),
        "artist_known": out["ua_plays"].notna().astype(np.int32),
        "artist_days_since": (day - out["last_ts"].dt.normalize()).dt.days,
        "item_age_days": (day - pd.to_datetime(out["release_date"])).dt.days,
        "country_popularity": out["share"].fillna(0.0) * 1000,
    }
    frame = pd.concat([out[list(cands.columns)], pd.DataFrame(feats)], axis=1)
    return frame.sort_values(["user_id", "item_id"], ignore_index=True)


def _skip_rate(g: Any) -> pd.Series:
    """``(sum(skipped::INT) + 1.0) / (count(skipped) + 5.0)``, NULL when no play has a value."""
    n = g["skip_int"].count()
    rate = (g["skip_int"].sum().astype(np.float64) + 1.0) / (n + 5.0)
    return rate.where(n > 0)


def _shares(hg: pd.DataFrame, key: str) -> pd.DataFrame:
    """Each user's weight share per ``key``: sum(w·share) / its sum over the user."""
    s = hg.groupby(["user_id", key], as_index=False)["ws"].sum()
    s["share"] = s["ws"] / s.groupby("user_id")["ws"].transform("sum")
    return s[["user_id", key, "share"]]


def bench_features(demo: Demo, runs: int) -> dict[str, Any]:
    """DuckDB's features SQL against the pandas version on the build's test candidates."""
    from recsys import warehouse
    from recsys.model import registry
    from recsys.model.candidates import fit_generators, union_candidates
    from recsys.model.features import FEATURES, compute_features

    names = registry.generator_names()
    fitted, _ = fit_generators([g.make() for g in registry.GENERATORS], demo.history)
    cands = union_candidates(fitted, demo.users, K, source_names=names)
    for name in names:
        for col in (f"{name}_score", f"{name}_rank"):
            if col not in cands.columns:
                cands[col] = np.nan
    del fitted
    con = warehouse.open_readonly(demo.path)
    try:

        def duck() -> pd.DataFrame:
            return compute_features(con, demo.history, cands, demo.cutoff, demo.grain)  # type: ignore[arg-type]

        def panda() -> pd.DataFrame:
            return features_pandas(demo.catalogue, demo.history, cands, demo.cutoff)

        a, b = duck(), panda()
        assert len(a) == len(b), (len(a), len(b))
        for key in ("user_id", "item_id"):
            np.testing.assert_array_equal(a[key].to_numpy(), b[key].to_numpy())
        worst = 0.0
        for f in FEATURES:
            x, y = a[f.name].to_numpy(np.float64), b[f.name].to_numpy(np.float64)
            np.testing.assert_array_equal(np.isnan(x), np.isnan(y), err_msg=f.name)
            ok = ~np.isnan(x)
            np.testing.assert_allclose(x[ok], y[ok], rtol=0, atol=1e-9, err_msg=f.name)
            worst = max(worst, float(np.abs(x[ok] - y[ok]).max(initial=0.0)))
        log.info("features: %d rows agree (largest difference %.2e); timing", len(a), worst)
        ta, tb = alternate(duck, panda, runs)
    finally:
        con.close()
    return {
        "candidate_rows": len(cands),
        "listeners": len(demo.users),
        "history_rows": len(demo.history),
        "features": len(FEATURES),
        "largest_abs_difference": worst,
        "duckdb_threads": "DuckDB's default (one per core)",
        **summary("duckdb", ta, "pandas", tb),
    }


# -------------------------------------------- (b) the hand-written code the native one replaced


def _legacy_knn_fit(gen: Any, x: sp.csr_matrix) -> sp.csr_matrix:
    """Blocked scipy XᵀX of the column-normalised float32 matrix, pruned row block by block."""
    from recsys.model.candidates._base import rank_within, topk_csr

    n = x.shape[1]
    counts = np.asarray(x.sum(axis=0)).ravel()
    inv = np.zeros(n, dtype=np.float32)
    inv[counts > 0] = 1.0 / np.sqrt(counts[counts > 0])
    xn = (x @ sp.diags(inv)).tocsr()
    xnt = xn.T.tocsr()
    block = max(16, (1 << 25) // max(n, 1))
    rows, cols, vals = [], [], []
    for start in range(0, n, block):
        r, c, v = topk_csr((xnt[start : start + block] @ xn).tocsr(), gen.n_neighbours + 1)
        keep = (c != r + start) & (v > gen.min_similarity)
        r, c, v = r[keep], c[keep], v[keep]
        keep = rank_within(r) <= gen.n_neighbours
        rows.append(r[keep] + start)
        cols.append(c[keep])
        vals.append(v[keep])
    return sp.csr_matrix(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))),
        shape=(n, n),
        dtype=np.float32,
    )


def variants() -> dict[str, tuple[type, type, str]]:
    """Per model: (hand-written class, native class, which one the generators use)."""
    from recsys.model.candidates import ALS, EASE, ItemKNN, MatrixGenerator
    from recsys.model.candidates._base import (
        NATIVE_BATCH_ROWS,
        topk_csr,
        topk_native,
    )

    class HandItemKNN(ItemKNN):
        """The scipy item-kNN the native one replaced."""

        def _fit(self, data: Any, history: pd.DataFrame) -> None:
            x = data.binary()
            self.similarity_ = _legacy_knn_fit(self, x)
            self.user_items_ = x

        def _batch_rows(self, n_items: int, seen: Any) -> int:
            return MatrixGenerator._batch_rows(self, n_items, seen)

        def _topk(self, codes: np.ndarray, k: int, seen: Any) -> Any:
            data = self._fitted()
            assert self.user_items_ is not None
            scores = (self.user_items_[codes] @ self.similarity_).tocsr()
            if seen == "exclude":
                scores = (scores - scores.multiply(data.seen[codes])).tocsr()
            elif seen == "only":
                scores = sp.csr_matrix(scores.multiply(data.seen[codes]))
            scores.data[scores.data <= 0] = 0.0
            scores.eliminate_zeros()
            return topk_csr(scores, k)

    class HandALS(ALS):
        """ALS with the dense numpy top-k (argpartition) it had before."""

        _batch_rows = MatrixGenerator._batch_rows
        _topk = MatrixGenerator._topk

    class NativeEASE(EASE):
        """EASE with implicit's top-k, tried and measured; the generator keeps numpy's."""

        def _batch_rows(self, n_items: int, seen: Any) -> int:
            return NATIVE_BATCH_ROWS

        def _topk(self, codes: np.ndarray, k: int, seen: Any) -> Any:
            assert self.weights_ is not None and self.item_codes_ is not None
            assert self.user_items_ is not None
            seen_kept = self._fitted().seen[codes][:, self.item_codes_].tocsr()
            rows, cols, vals = topk_native(
                self.weights_.T, self.user_items_[codes], k, exclude=seen_kept, threads=2
            )
            return rows, self.item_codes_[cols], vals

    return {
        "item_knn": (HandItemKNN, ItemKNN, "native"),
        "ease": (EASE, NativeEASE, "hand_written"),
        "als": (HandALS, ALS, "native"),
    }


def _as(cls: type[Any], fitted: Any) -> Any:
    """A ``cls`` sharing ``fitted``'s fitted state (the fit is the same code on both sides)."""
    out = object.__new__(cls)
    out.__dict__.update(fitted.__dict__)
    return out


def _quality(reco: pd.DataFrame, truth: pd.DataFrame) -> dict[str, float]:
    from recsys.evaluation import evaluate

    summ, _ = evaluate({"m": reco}, truth, ks=(10, K))
    return {
        "ndcg@10": round(float(summ.loc["m", "ndcg@10"]), 6),
        f"recall@{K}": round(float(summ.loc["m", f"recall@{K}"]), 6),
    }


def _overlap(a: pd.DataFrame, b: pd.DataFrame) -> dict[str, Any]:
    """Share of pairs in both lists, and of ranks holding the same item."""
    keys = ["user_id", "item_id"]
    both = len(a.merge(b, on=keys))
    same_rank = len(a.merge(b, on=[*keys, "rank"]))
    return {
        "pairs_in_both": round(both / max(len(a), 1), 6),
        "same_item_at_same_rank": round(same_rank / max(len(a), 1), 6),
        "rows_hand_written": len(a),
        "rows_native": len(b),
    }


def bench_models(demo: Demo, runs: int) -> dict[str, Any]:
    """Hand-written vs native fit and scoring of item-kNN, EASE and ALS, then side by side."""
    from recsys.model import registry

    truth = demo.split.test
    out: dict[str, Any] = {}
    for name, (hand_cls, native_cls, in_use) in variants().items():
        log.info("models: %s", name)
        product = registry.spec(name).make()
        settings = {
            "item_knn": lambda g: {"n_neighbours": g.n_neighbours},
            "ease": lambda g: {"top_items": g.top_items},
            "als": lambda g: {"factors": g.factors, "seed": g.seed},
        }[name](product)
        hand = hand_cls(**settings).fit(demo.history)
        native = _as(native_cls, hand) if name != "item_knn" else native_cls(**settings)
        if name == "item_knn":
            native.fit(demo.history)
        reco_hand = hand.recommend(demo.users, K)
        reco_native = native.recommend(demo.users, K)
        entry: dict[str, Any] = {
            "in_use": in_use,
            "settings": settings,
            "agreement": _overlap(reco_hand, reco_native),
            "quality_hand_written": _quality(reco_hand, truth),
            "quality_native": _quality(reco_native, truth),
        }
        if name == "item_knn":
            d = abs(hand.similarity_ - native.similarity_)
            entry["similarity_largest_abs_difference"] = round(float(d.max()), 6)
            ta, tb = alternate(
                partial(hand.fit, demo.history), partial(native.fit, demo.history), runs
            )
            entry["fit"] = summary("hand_written", ta, "native", tb)
        else:
            fits = Timed()
            for _ in range(runs):
                fits(partial(hand.fit, demo.history))
            entry["fit"] = {
                "wall_median_s": round(statistics.median(fits.wall), 3),
                "cpu_median_s": round(statistics.median(fits.cpu), 3),
                "wall_runs_s": [round(x, 3) for x in fits.wall],
                "note": "one fit for both (implicit's ALS / LAPACK): only the top-k differs",
            }
            native = _as(native_cls, hand)
        ta, tb = alternate(
            partial(hand.recommend, demo.users, K), partial(native.recommend, demo.users, K), runs
        )
        entry["recommend_top100_every_listener"] = summary("hand_written", ta, "native", tb)
        out[name] = entry
    fit = {m: _fit_median(out[m]) for m in out}
    reco = {
        m: out[m]["recommend_top100_every_listener"][f"{out[m]['in_use']}_wall_median_s"]
        for m in out
    }
    out["against_each_other"] = {
        "implementation": "what the generators use",
        "fit_wall_s": fit,
        "recommend_wall_s": reco,
        "fit_ratio_to_als": {m: round(fit[m] / fit["als"], 2) for m in fit},
        "recommend_ratio_to_als": {m: round(reco[m] / reco["als"], 2) for m in reco},
    }
    return out


def _fit_median(entry: dict[str, Any]) -> float:
    fit = entry["fit"]
    return float(fit.get(f"{entry['in_use']}_wall_median_s", fit.get("wall_median_s")))


# --------------------------------------------------------------------------------- (c) import


def bench_import_ratio(fmt: str, plays: int, runs: int) -> dict[str, Any]:
    """``import_data`` of a generated file against DuckDB's plain read, alternating."""
    import duckdb
    from bench_import import IMPORT_CHILD, READ_CHILD, _child, _generate

    with tempfile.TemporaryDirectory(prefix="soundcheck-bench-ratios-") as tmp:
        folder = Path(tmp) / fmt
        folder.mkdir()
        with duckdb.connect() as con:
            source, main, read_sql = _generate(con, fmt, folder, plays)
        size = sum(p.stat().st_size for p in ([source] if source.is_file() else source.rglob("*")))
        reads: list[dict[str, Any]] = []
        imports: list[dict[str, Any]] = []
        # each child times its own work; the parent's timers would add interpreter start-up

        def read() -> None:
            reads.append(_child(READ_CHILD, read_sql))

        def imp() -> None:
            wh = Path(tmp) / f"wh-{len(imports)}.duckdb"
            imports.append(_child(IMPORT_CHILD, str(wh), fmt, str(source)))
            wh.unlink()

        alternate(read, imp, runs)
    ta, tb = Timed(), Timed()
    ta.wall = [r["seconds"] for r in reads]
    tb.wall = [r["seconds"] for r in imports]
    return {
        "format": fmt,
        "plays": plays,
        "input_mb": round(size / 2**20, 1),
        "main_file": main.name,
        "rows_read_by_duckdb": reads[0]["rows"],
        "records_imported": imports[-1]["kept"],
        "timed": "inside each child: the SQL statement / the import_data call",
        **summary("read", ta, "import", tb, cpu=False),
    }


# ----------------------------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", type=Path, default=None, help="default: generate demo")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", nargs="+", default=list(PARTS), choices=PARTS)
    parser.add_argument("--import-format", default="csv")
    parser.add_argument("--import-plays", type=int, default=1_000_000)
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    logging.getLogger("recsys").setLevel(logging.WARNING)

    report: dict[str, Any] = {
        "benchmark": "ratios",
        "machine": machine() | {"load_avg_before": [round(x, 2) for x in os.getloadavg()]},
        "runs": args.runs,
        "order": "alternating A B B A A B ...; medians of the runs",
    }
    with tempfile.TemporaryDirectory(prefix="soundcheck-bench-ratios-wh-") as tmp:
        path = args.warehouse
        if path is None and {"features", "models"} & set(args.only):
            from recsys.synth import SynthConfig, generate_warehouse

            path = Path(tmp) / "demo.duckdb"
            log.info("generating the demo warehouse")
            generate_warehouse(path, SynthConfig.from_preset("demo", seed=42))
        if {"features", "models"} & set(args.only):
            assert path is not None
            demo = Demo(path)
            report["data"] = {
                "warehouse": "demo preset, seed 42" if args.warehouse is None else str(path),
                "history_rows": len(demo.history),
                "users": int(demo.history["user_id"].nunique()),
                "items": int(demo.history["item_id"].nunique()),
                "evaluated_listeners": len(demo.users),
            }
            if "features" in args.only:
                report["features"] = bench_features(demo, args.runs)
                log.info("features: %s", _ratios(report["features"]))
            if "models" in args.only:
                report["models"] = bench_models(demo, max(1, args.runs))
                log.info("models: %s", json.dumps(report["models"]["against_each_other"]))
    if "import" in args.only:
        report["import"] = bench_import_ratio(args.import_format, args.import_plays, args.runs)
        log.info("import: %s", _ratios(report["import"]))
    report["machine"]["load_avg_after"] = [round(x, 2) for x in os.getloadavg()]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2) + "\n")
    log.info("wrote %s", args.out)


def _ratios(part: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in part.items() if k.startswith("ratio_")}


if __name__ == "__main__":
    main()
