"""One listener's explanations on a tiny build: contributions add up to the score, A-above-B
differences add up to the score difference, what-if re-scores and re-ranks, why-not answers
each case, and the history figures add up."""

from __future__ import annotations

import duckdb
import numpy as np
import pandas as pd
import pytest

from recsys.errors import DataError
from recsys.explain import (
    compare,
    explain_items,
    explain_top,
    genre_mix,
    load_listener,
    load_ranker,
    resolve_run,
    top_artists,
    weekly_plays,
    what_if,
    why_not,
)
from recsys.model import registry
from recsys.model.candidates import decode_sources

pytestmark = pytest.mark.slow

USER = 7


@pytest.fixture(scope="module")
def setup(explained_con: duckdb.DuckDBPyConnection):  # type: ignore[no-untyped-def]
    info = resolve_run(explained_con)
    return info, load_ranker(info), load_listener(explained_con, info, USER)


def test_top_items_carry_names_generators_flags_and_additive_contributions(
    explained_con: duckdb.DuckDBPyConnection, setup
) -> None:
    _info, ranker, listener = setup
    explained = explain_top(explained_con, listener, ranker, 12)
    items = explained.items
    assert items["rank"].tolist() == list(range(1, 13))
    assert items["title"].str.len().min() > 0 and items["artist"].str.len().min() > 0
    cands = listener.candidates.set_index("item_id")
    for row in items.itertuples():
        mask = int(cands.loc[row.item_id, "sources"])
        names = decode_sources(mask, registry.generator_names())
        assert row.generators == [registry.model_label(n) for n in names] and names
        assert row.new_artist == (cands.loc[row.item_id, "artist_known"] == 0)
    total = explained.contributions.sum(axis=1) + explained.base_value
    np.testing.assert_allclose(total.to_numpy(), items["score"].to_numpy(), atol=1e-9)
    for item, item_reasons in explained.reasons.items():
        assert 1 <= len(item_reasons) <= 3
        for reason in item_reasons:
            assert explained.contributions.loc[item, reason.feature] > 0
        for line in explained.held_back[item]:
            assert explained.contributions.loc[item, line.feature] < 0


def test_a_new_sub_genre_is_one_the_listener_never_played(
    explained_con: duckdb.DuckDBPyConnection, setup
) -> None:
    _info, ranker, listener = setup
    explained = explain_top(explained_con, listener, ranker, 50)
    played = set(listener.genres.loc[listener.genres["items"] > 0, "genre"])
    for row in explained.items.itertuples():
        assert row.new_genre == (row.genre not in played)


def test_a_above_b_differences_add_up_to_the_score_difference(
    explained_con: duckdb.DuckDBPyConnection, setup
) -> None:
    info, ranker, listener = setup
    explained = explain_top(explained_con, listener, ranker, 10)
    a, b = explained.items["item_id"].iloc[0], explained.items["item_id"].iloc[6]
    scores = explained.items.set_index("item_id")["score"]
    diff = compare(explained, a, b)
    assert diff["difference"].sum() == pytest.approx(scores[a] - scores[b], abs=1e-9)
    assert diff["difference"].abs().is_monotonic_decreasing
    grouped = compare(explained, a, b, info.groups)
    assert set(grouped["name"]) <= {
        "taste",
        "popularity",
        "familiarity",
        "freshness",
        "context",
        "generators",
    }
    assert grouped["difference"].sum() == pytest.approx(scores[a] - scores[b], abs=1e-9)


def test_what_if_re_scores_with_the_booster_and_re_ranks_among_all_candidates(setup) -> None:
    _info, ranker, listener = setup
    cands = listener.candidates
    item = int(cands["item_id"].iloc[4])
    same = what_if(listener, ranker, item, "item_plays", float(cands["item_plays"].iloc[4]))
    assert same.new_score == pytest.approx(same.old_score, abs=1e-9)
    assert same.new_rank == same.old_rank == 5
    assert same.contributions["change"].abs().max() == pytest.approx(0.0, abs=1e-9)
    for value in (0.0, 12.0):
        changed = what_if(listener, ranker, item, "genre_affinity", value)
        row = cands[cands["item_id"] == item].copy()
        row["genre_affinity"] = np.float32(value)
        assert changed.new_score == pytest.approx(float(ranker.predict(row)[0]), abs=1e-12)
        others = cands.loc[cands["item_id"] != item, "score"]
        assert changed.new_rank == int((others > changed.new_score).sum()) + 1
        delta = changed.contributions["change"].sum()
        assert delta == pytest.approx(changed.new_score - changed.old_score, abs=1e-9)
    with pytest.raises(DataError, match="not a feature"):
        what_if(listener, ranker, item, "no_such_feature", 1.0)


def test_why_not_answers_each_case(explained_con: duckdb.DuckDBPyConnection, setup) -> None:
    _info, ranker, listener = setup
    cands = listener.candidates
    low = cands.iloc[30]
    answer = why_not(explained_con, listener, ranker, "track", int(low["item_id"]), 10)
    assert answer.status == "candidate" and answer.rank == 31
    assert "ranked #31" in answer.message
    assert answer.comparison is not None and answer.explained is not None
    last = answer.last_item
    assert last == int(cands.loc[cands["rank"] == 10, "item_id"].iloc[0])
    scores = cands.set_index("item_id")["score"]
    total = answer.comparison["difference"].sum()
    assert total == pytest.approx(scores[last] - scores[int(low["item_id"])], abs=1e-9)

    top = why_not(explained_con, listener, ranker, "track", int(cands["item_id"].iloc[2]), 10)
    assert top.status == "recommended" and top.rank == 3

    played = explained_con.execute(
        "SELECT track_id FROM listens WHERE user_id = $u ORDER BY track_id LIMIT 1", {"u": USER}
    ).fetchall()[0][0]
    answer = why_not(explained_con, listener, ranker, "track", int(played), 10)
    assert answer.status == "played" and answer.rank is None
    assert "already played" in answer.message

    never = explained_con.execute(
        "SELECT track_id FROM tracks WHERE track_id NOT IN (SELECT track_id FROM listens "
        "WHERE user_id = $u) AND track_id NOT IN (SELECT unnest($c::INTEGER[])) "
        "ORDER BY track_id LIMIT 1",
        {"u": USER, "c": cands["item_id"].astype(int).tolist()},
    ).fetchall()[0][0]
    answer = why_not(explained_con, listener, ranker, "track", int(never), 10)
    assert answer.status == "not_proposed" and answer.rank is None
    assert "No candidate generator proposed" in answer.message
    assert "not kept with the run" in answer.message


def test_why_not_an_artist_takes_their_best_ranked_candidate(
    explained_con: duckdb.DuckDBPyConnection, setup
) -> None:
    _info, ranker, listener = setup
    cands = listener.candidates
    artists = explained_con.execute(
        "SELECT track_id AS item_id, artist_id FROM tracks WHERE track_id IN "
        "(SELECT unnest($c::INTEGER[]))",
        {"c": cands["item_id"].astype(int).tolist()},
    ).df()
    ranked = cands.merge(artists, on="item_id").sort_values("rank")
    artist = int(ranked["artist_id"].iloc[-1])
    best = ranked[ranked["artist_id"] == artist].iloc[0]
    answer = why_not(explained_con, listener, ranker, "artist", artist, 5)
    assert answer.item_id == int(best["item_id"]) and answer.rank == int(best["rank"])


def test_unknown_listener_and_non_candidate_items_are_refused(
    explained_con: duckdb.DuckDBPyConnection, setup
) -> None:
    info, ranker, listener = setup
    with pytest.raises(DataError, match="listener 999999 has no recommendations"):
        load_listener(explained_con, info, 999_999)
    with pytest.raises(DataError, match="not a candidate"):
        explain_items(explained_con, listener, ranker, [-1])


def test_history_adds_up(explained_con: duckdb.DuckDBPyConnection, setup) -> None:
    info, _ranker, listener = setup
    plays = explained_con.execute(
        "SELECT count(*) FROM listens WHERE user_id = $u AND ts < $c",
        {"u": USER, "c": info.cutoff.to_pydatetime()},
    ).fetchall()[0][0]
    weekly = weekly_plays(explained_con, info, USER)
    assert weekly["plays"].sum() == plays
    assert weekly["week"].diff().dropna().eq(pd.Timedelta(days=7)).all()
    artists = top_artists(explained_con, info, USER, limit=5)
    assert len(artists) <= 5 and artists["plays"].is_monotonic_decreasing
    assert genre_mix(listener.genres)["share"].sum() == pytest.approx(1.0)
