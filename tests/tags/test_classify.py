"""Free tags sorted into genres, facets, opinions and unknown."""

from __future__ import annotations

import pytest

from recsys.synth._taxonomy import GENRES
from recsys.tags import KINDS, classify, classify_tags, clean


def test_clean_unifies_case_dashes_underscores_and_edges() -> None:
    assert clean("  Hip_Hop!! ") == "hip hop"
    assert clean("Post–Rock") == "post-rock"
    assert clean('"80’s"') == "80's"


@pytest.mark.parametrize(
    ("tag", "genre", "parent"),
    [
        ("Hip-Hop", "hip hop", None),
        ("hiphop", "hip hop", None),
        ("dnb", "drum and bass", "electronic"),
        ("D&B", "drum and bass", "electronic"),
        ("drum n bass", "drum and bass", "electronic"),
        ("rnb", "r&b", None),
        ("synthpop", "synth-pop", "electronic"),
        ("post rock", "post-rock", "rock"),
        ("punk", "punk rock", "rock"),
        ("shoegazing", "shoegaze", "rock"),
        ("Death Metal", "death metal", "rock"),
        ("electronic music", "electronic", None),
        ("metal", "metal", "rock"),
    ],
)
def test_genre_spellings_reach_one_canonical_genre(tag: str, genre: str, parent: str) -> None:
    got = classify(tag)
    assert (got.kind, got.genre, got.parent) == ("genre", genre, parent)


@pytest.mark.parametrize(
    ("tag", "kind", "value"),
    [
        ("80s", "era", "1980s"),
        ("1990s", "era", "1990s"),
        ("80's", "era", "1980s"),
        ("eighties", "era", "1980s"),
        ("00s", "era", "2000s"),
        ("british", "place", "GB"),
        ("uk", "place", "GB"),
        ("brazilian", "place", "BR"),  # a place, though the tree has a 'brazilian' branch
        ("swedish", "place", "SE"),
        ("female vocalists", "voice", "female"),
        ("male vocalists", "voice", "male"),
        ("female vocalist", "voice", "female"),
        ("male vocals", "voice", "male"),
        ("boy band", "voice", "male"),
        ("seen live", "opinion", None),
        ("favorites", "opinion", None),
        ("awesome", "opinion", None),
        ("love", "opinion", None),
        ("my favorite", "opinion", None),
    ],
)
def test_facets_and_opinions(tag: str, kind: str, value: str | None) -> None:
    got = classify(tag)
    assert (got.kind, got.value, got.genre) == (kind, value, None)


@pytest.mark.parametrize(
    ("tag", "genre", "value"),
    [
        ("swedish death metal", "death metal", "SE"),
        ("80s pop", "pop", "1980s"),
        ("female fronted metal", "metal", "female"),
        ("rap francais", "rap", "FR"),
        ("german hip hop", "german hip hop", "DE"),  # a genre itself; the place is kept
    ],
)
def test_a_qualified_genre_keeps_its_genre_and_the_qualifier(
    tag: str, genre: str, value: str
) -> None:
    got = classify(tag)
    assert (got.kind, got.genre, got.value) == ("genre", genre, value)


@pytest.mark.parametrize("tag", ["música", "experimental", "xyz123", "songs for rainy days", ""])
def test_an_unknown_tag_is_never_invented_into_a_genre(tag: str) -> None:
    assert classify(tag).kind == "unknown" and classify(tag).genre is None


def test_genres_the_warehouse_holds_in_a_hierarchy_are_kept_as_they_are() -> None:
    names = [p for p in GENRES] + [sub for _, _, subs in GENRES.values() for sub, _, _ in subs]
    frame = classify_tags(names, existing=names)
    assert (frame["kind"] == "genre").all()
    assert frame["genre"].tolist() == [clean(n) for n in frame["tag"]]  # unchanged
    # without them, beets' rules would rename 'punk' and read 'Brazilian' as a place
    assert classify("punk").genre == "punk rock" and classify("Brazilian").kind == "place"


def test_classify_tags_is_one_sorted_row_per_distinct_tag() -> None:
    frame = classify_tags(["rock", "seen live", "rock", "80s"])
    assert frame["tag"].tolist() == ["80s", "rock", "seen live"]
    assert set(frame["kind"]) <= set(KINDS)
    assert frame.columns.tolist() == ["tag", "kind", "genre", "parent", "value", "rule"]
