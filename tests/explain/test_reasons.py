"""Reason templates on hand-built cases: each says what its values say, only when its guard
holds, and never for a feature whose contribution is negative."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from recsys.explain import ItemFacts, held_back, reasons
from recsys.explain._reasons import top_share_text

FEATURES = {
    "genre_affinity": 0.4,
    "parent_genre_affinity": 0.5,
    "item_plays": math.log1p(5000),
    "item_plays_recent": math.log1p(800),
    "item_trend": math.log(2.0),
    "item_listeners": math.log1p(300),
    "artist_plays": 9.0,
    "artist_plays_recent": 7.0,
    "item_skip_rate": 0.08,
    "country_popularity": 2.5,
    "artist_familiarity": math.log1p(12),
    "artist_known": 1.0,
    "artist_days_since": 9.0,
    "item_age_days": 40.0,
    "als_score": 0.8,
    "als_rank": 3.0,
    "item_knn_score": float("nan"),
    "item_knn_rank": float("nan"),
    "user_activity": 7.0,
}

FACTS = ItemFacts(
    title="Glass Rooms",
    artist="Tilde Ora",
    unit="tracks",
    values=FEATURES,
    genre="post-rock",
    genre_id=42,
    genre_items=120,
    genre_items_recent=37,
    item_genre="post-rock",
    parent="Rock",
    parent_share=0.34,
    plays=5000,
    recent_plays=800,
    listeners=300,
    top_share=0.004,
    recent_top_share=0.009,
    artist_top_share=0.03,
    artist_recent_top_share=0.15,
    country="BR",
    typical={"item_skip_rate": 0.14, "country_popularity": 0.1},
    generator_labels={"als": "ALS", "item_knn": "Item-kNN"},
)


def only(feature: str, facts: ItemFacts = FACTS, value: float = 1.0) -> list[str]:
    """The reasons when ``feature`` alone contributes ``value``."""
    return [r.text for r in reasons({feature: value}, facts)]


@pytest.mark.parametrize(
    ("feature", "text"),
    [
        ("genre_affinity", "You played 37 tracks tagged post-rock in the last 8 weeks."),
        ("parent_genre_affinity", "It is Rock, 34% of your listening."),
        ("item_plays_recent", "Among the 1% most played tracks in the last 4 weeks."),
        ("item_plays", "Among the 0.5% most played tracks overall."),
        ("item_listeners", "300 listeners have played it."),
        ("item_trend", "Its plays grew 2.0x in the last 4 weeks compared with the 4 weeks before."),
        ("artist_plays", "By Tilde Ora, among the 5% most played artists."),
        (
            "artist_plays_recent",
            "By Tilde Ora, among the 20% most played artists in the last 4 weeks.",
        ),
        ("item_skip_rate", "Listeners rarely skip it: about 8% of its plays (typical: 14%)."),
        (
            "country_popularity",
            "Popular in BR: 2.5 of every 1,000 plays there in the last 8 weeks.",
        ),
        ("artist_familiarity", "You have played Tilde Ora 12 times."),
        ("artist_known", "You already know Tilde Ora."),
        ("artist_days_since", "You last played Tilde Ora 9 days ago."),
        ("item_age_days", "A recent release: out 40 days ago."),
        ("als_rank", "ALS ranks it #3 of its picks for you."),
        ("als_score", "ALS proposed it for you."),
    ],
)
def test_each_template_states_its_value(feature: str, text: str) -> None:
    assert only(feature) == [text]


@pytest.mark.parametrize(
    ("feature", "change"),
    [
        ("genre_affinity", {"genre": None, "genre_items": 0}),
        ("parent_genre_affinity", {"parent_share": 0.02}),
        ("item_plays_recent", {"recent_top_share": 0.45}),
        ("item_plays", {"top_share": 0.6}),
        ("item_listeners", {"top_share": 0.6}),
        ("artist_plays", {"artist_top_share": 0.5}),
        ("artist_plays_recent", {"artist_recent_top_share": None}),
        ("country_popularity", {"country": None}),
        ("item_skip_rate", {"typical": {"item_skip_rate": 0.05}}),
        ("artist_familiarity", {"values": {**FEATURES, "artist_known": 0.0}}),
        ("artist_days_since", {"values": {**FEATURES, "artist_known": 0.0}}),
        ("item_age_days", {"values": {**FEATURES, "item_age_days": 2000.0}}),
        ("item_trend", {"values": {**FEATURES, "item_trend": math.log(0.8)}}),
        ("item_knn_rank", {}),  # Item-kNN did not propose it: nothing to say for it
    ],
)
def test_a_template_whose_guard_fails_gives_no_reason(feature: str, change: dict) -> None:
    assert only(feature, replace(FACTS, **change)) == []


def test_without_timestamps_the_genre_reason_counts_all_history() -> None:
    facts = replace(FACTS, genre_items_recent=None, unit="artists", genre_items=1)
    assert only("genre_affinity", facts) == ["You have played 1 artist tagged post-rock."]


def test_an_unknown_artist_with_a_positive_contribution_is_said_to_be_new() -> None:
    facts = replace(FACTS, values={**FEATURES, "artist_known": 0.0})
    assert only("artist_known", facts) == ["Tilde Ora is new to you."]


def test_reasons_never_cite_a_feature_whose_contribution_is_negative() -> None:
    contributions = {
        "genre_affinity": -0.9,  # the largest effect, but against the item
        "item_plays_recent": -0.5,
        "item_age_days": 0.3,
        "als_rank": 0.2,
        "artist_known": 0.02,  # under a tenth of the largest positive one: too small
    }
    why = reasons(contributions, FACTS)
    assert [r.feature for r in why] == ["item_age_days", "als_rank"]
    assert all(r.contribution > 0 for r in why)
    assert not any("post-rock" in r.text or "most played" in r.text for r in why)
    held = held_back(contributions, FACTS)
    assert [r.feature for r in held] == ["genre_affinity", "item_plays_recent"]
    assert all(r.contribution < 0 for r in held)
    assert held[0].text == "You played 37 tracks tagged post-rock in the last 8 weeks."


def test_reasons_follow_contribution_order_one_per_family_and_at_most_three() -> None:
    contributions = {
        "item_plays_recent": 0.9,
        "item_plays": 0.8,  # same family as the one above: skipped
        "genre_affinity": 0.7,
        "artist_familiarity": 0.6,
        "als_rank": 0.5,  # a fourth reason: over the limit
    }
    why = reasons(contributions, FACTS)
    assert [r.feature for r in why] == ["item_plays_recent", "genre_affinity", "artist_familiarity"]
    assert why[1].genre_id == 42 and why[0].genre_id is None


def test_a_contribution_far_below_the_largest_is_not_a_reason() -> None:
    why = reasons({"genre_affinity": 1.0, "item_age_days": 0.05}, FACTS, min_ratio=0.1)
    assert [r.feature for r in why] == ["genre_affinity"]


def test_listener_level_context_is_never_a_reason_nor_held_back() -> None:
    assert reasons({"user_activity": 2.0}, FACTS) == []
    assert held_back({"user_activity": -2.0}, FACTS) == []


def test_held_back_statements_are_neutral_facts() -> None:
    facts = replace(FACTS, values={**FEATURES, "item_age_days": 1500.0, "artist_known": 0.0})
    held = held_back({"item_age_days": -0.4, "artist_known": -0.2, "als_rank": 0.3}, facts)
    assert [r.text for r in held] == ["Released 4 years ago.", "Tilde Ora is new to you."]


@pytest.mark.parametrize(
    ("share", "text"),
    [(0.0004, "0.1%"), (0.004, "0.5%"), (0.01, "1%"), (0.011, "2%"), (0.19, "20%"), (0.7, "100%")],
)
def test_top_share_rounds_up_to_a_plain_figure(share: float, text: str) -> None:
    assert top_share_text(share) == text
