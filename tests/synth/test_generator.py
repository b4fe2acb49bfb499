"""The synthetic generator: sizes, realism and every planted effect, against known answers."""

from __future__ import annotations

from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest

from recsys import warehouse
from recsys.synth import PRESETS, Plants, PreferenceModel, SynthConfig, generate_warehouse

EMERGING = ("brazilian phonk", "brega funk", "piseiro")


def q(path: Path, sql: str) -> pd.DataFrame:
    con = warehouse.open_readonly(path)
    try:
        return con.execute(sql).df()
    finally:
        con.close()


def test_tiny_has_the_preset_sizes(tiny_warehouse: Path) -> None:
    counts = q(
        tiny_warehouse,
        "SELECT (SELECT count(*) FROM users) u, (SELECT count(*) FROM artists) a, "
        "(SELECT count(*) FROM tracks) t, (SELECT count(*) FROM listens) l, "
        "(SELECT count(*) FROM genres WHERE parent_id IS NULL) parents, "
        "(SELECT count(*) FROM genres WHERE parent_id IS NOT NULL) subs",
    ).iloc[0]
    cfg = PRESETS["tiny"]
    assert (counts.u, counts.a, counts.t) == (cfg.n_users, cfg.n_artists, cfg.n_tracks)
    assert abs(counts.l - cfg.n_listens) / cfg.n_listens < 0.05
    assert counts.parents == 12
    assert counts.subs >= 60


def test_same_seed_same_data_other_seed_other_data(tiny_warehouse: Path, tmp_path: Path) -> None:
    digest = (
        "SELECT sum(hash(user_id, track_id, ts, ms_played, skipped)) FROM listens UNION ALL "
        "SELECT sum(hash(artist_id, name, country, gender, debut_year)) FROM artists UNION ALL "
        "SELECT sum(hash(user_id, country, age_group, gender, signup_ts)) FROM users"
    )
    again = tmp_path / "again.duckdb"
    generate_warehouse(again, SynthConfig.from_preset("tiny", seed=7))
    pd.testing.assert_frame_equal(q(tiny_warehouse, digest), q(again, digest))
    other = tmp_path / "other.duckdb"
    generate_warehouse(other, SynthConfig.from_preset("tiny", seed=8))
    assert not q(tiny_warehouse, digest).equals(q(other, digest))


def test_plays_are_well_formed(tiny_warehouse: Path) -> None:
    r = q(
        tiny_warehouse,
        """
        SELECT min(l.ts) first, max(l.ts) last,
               count(*) FILTER (WHERE l.ms_played > t.duration_ms OR l.ms_played <= 0) bad_ms,
               count(*) FILTER (WHERE l.skipped AND l.ms_played >= 30000) long_skips,
               avg(l.skipped::INT) skip_rate,
               count(*) FILTER (WHERE l.ts < t.release_date) before_release,
               count(*) FILTER (WHERE l.ts < u.signup_ts) before_signup
        FROM listens l JOIN tracks t USING (track_id) JOIN users u USING (user_id)
        """,
    ).iloc[0]
    cfg = PRESETS["tiny"]
    assert r["first"] >= pd.Timestamp(cfg.start)
    assert r["last"] < pd.Timestamp(cfg.start) + pd.Timedelta(days=cfg.days)
    assert r.bad_ms == 0 and r.long_skips == 0
    assert 0.05 < r.skip_rate < 0.4
    assert r.before_release == 0
    assert r.before_signup == 0


def test_popularity_is_heavy_tailed(tiny_warehouse: Path) -> None:
    plays = q(
        tiny_warehouse,
        "SELECT count(*) n FROM listens JOIN tracks USING (track_id) GROUP BY artist_id ORDER BY n",
    )["n"].to_numpy()
    cum = np.cumsum(plays) / plays.sum()
    gini = 1 - 2 * cum.mean() + 1 / len(plays)
    top10 = plays[-len(plays) // 10 :].sum() / plays.sum()
    assert gini > 0.6
    assert top10 > 0.4


def test_daily_rhythm_in_local_time(tiny_warehouse: Path) -> None:
    hours = q(
        tiny_warehouse,
        "SELECT hour(ts) h, u.country, count(*) n FROM listens JOIN users u USING (user_id) "
        "WHERE u.country IN ('US', 'BR', 'MX', 'CO', 'CA') GROUP BY ALL",
    )
    # the Americas are UTC-3..-6: local evening 18-23h is about UTC 21-04h, night 2-6h is 5-11h
    evening = hours[hours.h.isin([22, 23, 0, 1, 2])].n.sum()
    night = hours[hours.h.isin([7, 8, 9, 10, 11])].n.sum()
    assert evening > 1.5 * night


def test_unknown_demographics_are_null_not_defaults(tiny_warehouse: Path) -> None:
    r = q(
        tiny_warehouse,
        "SELECT count(*) FILTER (WHERE age_group IS NULL) na_age, "
        "count(*) FILTER (WHERE gender IS NULL) na_gender, "
        "count(*) FILTER (WHERE age_group IN ('', 'unknown')) fake FROM users",
    ).iloc[0]
    assert r.na_age > 0 and r.na_gender > 0 and r.fake == 0


def _female_plays_by_genre(path: Path) -> pd.DataFrame:
    return q(
        path,
        "SELECT ga.genre_id, sum((a.gender = 'female')::INT) AS female, "
        "sum((a.gender IS DISTINCT FROM 'female')::INT) AS other FROM listens "
        "JOIN tracks USING (track_id) JOIN artists a USING (artist_id) "
        "JOIN ground_truth_artists ga USING (artist_id) GROUP BY 1",
    ).set_index("genre_id")


def test_planted_exposure_bias_halves_the_odds_of_female_artists(
    tiny_warehouse: Path, tiny_warehouse_no_plants: Path
) -> None:
    """Same seed with and without the plant: the Mantel-Haenszel odds ratio of a play going to
    a female artist, stratified by sub-genre (the policy renormalises within a sub-genre),
    recovers the planted factor (0.50 on ``demo``: 0.504)."""
    truth = q(tiny_warehouse, "SELECT * FROM ground_truth_exposure")
    assert truth[["attribute", "group_value", "factor"]].values.tolist() == [
        ["artist_gender", "female", 0.5]
    ]
    j = (
        _female_plays_by_genre(tiny_warehouse)
        .join(_female_plays_by_genre(tiny_warehouse_no_plants), how="outer", suffixes=("", "_0"))
        .fillna(0)
    )
    n = j.sum(axis=1)
    odds_ratio = (j.female * j.other_0 / n).sum() / (j.other * j.female_0 / n).sum()
    assert 0.35 < odds_ratio < 0.65
    assert q(tiny_warehouse_no_plants, "SELECT count(*) n FROM ground_truth_exposure").n[0] == 0


def _emerging_shares(path: Path) -> pd.DataFrame:
    names = ", ".join(f"'{n}'" for n in EMERGING)
    return q(
        path,
        f"""
        WITH e AS (SELECT max(ts) AS end_ts FROM listens)
        SELECT u.country = 'BR' AS focus,
               CASE WHEN l.ts >= e.end_ts - INTERVAL 28 DAY THEN 'last'
                    WHEN l.ts < e.end_ts - INTERVAL 120 DAY THEN 'before' END AS period,
               avg((g.name IN ({names}))::INT) AS share
        FROM listens l JOIN users u USING (user_id) JOIN tracks t USING (track_id)
        JOIN ground_truth_artists ga USING (artist_id) JOIN genres g ON g.genre_id = ga.genre_id
        CROSS JOIN e
        WHERE u.country IS NOT NULL
        GROUP BY ALL HAVING period IS NOT NULL
        """,
    ).set_index(["focus", "period"])["share"]


def test_planted_emerging_genres_grow_steeply_in_one_country(tiny_warehouse: Path) -> None:
    truth = q(tiny_warehouse, "SELECT name, focus_country FROM ground_truth_emerging")
    assert sorted(truth.name) == sorted(EMERGING)
    assert set(truth.focus_country) == {"BR"}
    s = _emerging_shares(tiny_warehouse)
    assert s[(True, "before")] < 0.005
    assert s[(True, "last")] > 0.08
    assert s[(False, "last")] < s[(True, "last")] / 3


def test_without_plants_emerging_genres_do_not_grow(tiny_warehouse_no_plants: Path) -> None:
    assert q(tiny_warehouse_no_plants, "SELECT count(*) n FROM ground_truth_emerging").n[0] == 0
    s = _emerging_shares(tiny_warehouse_no_plants)
    assert s[(True, "last")] < 3 * s[(True, "before")] + 0.02


def test_mainstream_users_play_more_popular_artists_than_niche_users(
    tiny_warehouse: Path, tiny_warehouse_no_plants: Path
) -> None:
    sql = """
        WITH pop AS (SELECT artist_id, count(*) AS n FROM listens JOIN tracks USING (track_id)
                     GROUP BY 1)
        SELECT g.segment, avg(ln(pop.n)) AS log_pop, avg(ln(ga.appeal)) AS log_appeal
        FROM listens l JOIN tracks t USING (track_id) JOIN pop USING (artist_id)
        JOIN ground_truth_artists ga USING (artist_id)
        JOIN ground_truth_users g USING (user_id) GROUP BY 1
    """
    seg = q(tiny_warehouse, sql).set_index("segment")
    # tiny has only ~4 artists per sub-genre, so the head/tail gap is small but must show
    assert seg.log_appeal["mainstream"] > seg.log_appeal["niche"] + 0.15
    assert seg.log_pop["mainstream"] > seg.log_pop["niche"]
    assert seg.log_appeal["mixed"] > seg.log_appeal["niche"]
    assert set(q(tiny_warehouse_no_plants, sql)["segment"]) == {"mixed"}


def test_plays_follow_the_planted_genre_taste(tiny_warehouse: Path) -> None:
    df = q(
        tiny_warehouse,
        """
        WITH played AS (
            SELECT l.user_id, ga.genre_id, count(*) AS n FROM listens l
            JOIN tracks USING (track_id) JOIN ground_truth_artists ga USING (artist_id)
            GROUP BY ALL),
        shares AS (SELECT user_id, genre_id, n / sum(n) OVER (PARTITION BY user_id) AS share
                   FROM played)
        SELECT t.weight, coalesce(s.share, 0) AS share
        FROM ground_truth_user_taste t LEFT JOIN shares s USING (user_id, genre_id)
        """,
    )
    assert np.corrcoef(df.weight, df.share)[0, 1] > 0.7


def test_new_releases_are_favoured(tiny_warehouse: Path) -> None:
    """Recency driver: a track released inside the log is played faster in its first 45 days.

    The planted weight is appeal * (0.25 + exp(-age / 45 d)): about 0.88 per day averaged over
    the first 45 days against at most 0.4 per day afterwards. Replays of tracks found earlier
    and listeners joining later lift the later rate, so the observed drop is smaller (about
    1.7x on ``demo``); without the driver it would be a rise.
    """
    r = q(
        tiny_warehouse,
        """
        WITH bounds AS (SELECT min(ts) AS lo, max(ts) AS hi FROM listens),
        t AS (SELECT g.track_id, g.released, date_diff('day', g.released, b.hi) AS life
              FROM ground_truth_tracks g CROSS JOIN bounds b
              WHERE g.released > b.lo + INTERVAL 30 DAY AND g.released < b.hi - INTERVAL 120 DAY),
        p AS (SELECT date_diff('day', t.released, l.ts) < 45 AS fresh, count(*) AS n
              FROM listens l JOIN t USING (track_id) GROUP BY 1)
        SELECT (SELECT n FROM p WHERE fresh) / (45 * (SELECT count(*) FROM t)) AS rate_fresh,
               (SELECT n FROM p WHERE NOT fresh) / (SELECT sum(life - 45) FROM t) AS rate_later
        """,
    ).iloc[0]
    assert r.rate_fresh > 1.3 * r.rate_later


def test_listeners_return_to_familiar_artists(tiny_warehouse: Path) -> None:
    r = q(
        tiny_warehouse,
        """
        WITH p AS (SELECT l.user_id, t.artist_id,
                          row_number() OVER (PARTITION BY l.user_id, t.artist_id ORDER BY l.ts) AS k
                   FROM listens l JOIN tracks t USING (track_id))
        SELECT avg((k > 1)::INT) AS known,
               (SELECT value FROM ground_truth_preference
                WHERE parameter = 'repeat_mean') AS planted
        FROM p
        """,
    ).iloc[0]
    assert r.known >= r.planted


def test_oracle_scores_are_a_probability_distribution(tiny_warehouse: Path) -> None:
    con = warehouse.open_readonly(tiny_warehouse)
    model = PreferenceModel.from_warehouse(con)
    users = model.user_ids[:20]
    for grain in ("track", "artist"):
        total = np.exp(model.scores(users, grain)).sum(axis=1)
        np.testing.assert_allclose(total, 1.0, rtol=1e-9)


def test_oracle_top_k_is_sorted_and_honours_exclusions(tiny_warehouse: Path) -> None:
    con = warehouse.open_readonly(tiny_warehouse)
    model = PreferenceModel.from_warehouse(con)
    users = model.user_ids[:5]
    top = model.top_k(users, 10)
    assert (top.groupby("user_id")["score"].apply(lambda s: s.is_monotonic_decreasing)).all()
    full = model.scores(users)
    best = model.track_ids[np.argmax(full, axis=1)]
    assert top[top["rank"] == 1]["item_id"].tolist() == best.tolist()
    exclude = top[top["rank"] == 1][["user_id", "item_id"]]
    again = model.top_k(users, 10, exclude=exclude)
    assert (
        again[again["rank"] == 1]["item_id"].tolist() == top[top["rank"] == 2]["item_id"].tolist()
    )


def test_oracle_needs_ground_truth(tmp_path: Path) -> None:
    from recsys.errors import NotFittedError

    path = tmp_path / "empty.duckdb"
    with warehouse.building(path, fresh=True):
        pass
    with pytest.raises(NotFittedError, match="no ground truth"):
        PreferenceModel.from_warehouse(warehouse.open_readonly(path))


def test_bad_configs_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown preset 'huge'"):
        SynthConfig.from_preset("huge")
    with pytest.raises(ValueError, match="at least 10 listens per user"):
        SynthConfig.from_preset("tiny", n_listens=100)
    with pytest.raises(ValueError, match="exposure_factor"):
        Plants(exposure_factor=0.0)


def test_generated_warehouse_is_valid_for_the_schema_checks(tiny_warehouse: Path) -> None:
    con = duckdb.connect(":memory:")
    con.execute(f"ATTACH '{tiny_warehouse}' AS w (READ_ONLY)")
    bad = con.execute(
        "SELECT count(*) FROM w.tracks t LEFT JOIN w.artists a USING (artist_id) "
        "WHERE a.artist_id IS NULL"
    ).fetchone()
    assert bad == (0,)
    assert con.execute("SELECT grain FROM w.datasets").fetchall() == [("track",)]
