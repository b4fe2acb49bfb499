"""The genre vocabulary read from the installed beets package."""

from __future__ import annotations

import subprocess
import sys

from recsys.tags import squash, vocabulary


def test_the_tree_maps_every_node_to_its_top_level_ancestor() -> None:
    v = vocabulary()
    tops = {p for g, p in v.parent_of.items() if g in v.in_tree and p == g}
    assert {"rock", "electronic", "hip hop", "jazz", "r&b", "pop", "soundtrack"} <= tops
    assert len(tops) == 21
    assert v.parent_of["death metal"] == "rock"  # rock > heavy metal > death metal
    assert v.parent_of["drum and bass"] == "electronic"
    assert v.parent_of["bossa nova"] == "caribbean and latin american"
    assert len(v.in_tree) > 700 and len(v.parent_of) > 1500  # tree nodes plus genres.txt


def test_a_listed_genre_gets_the_parent_the_trees_compounds_suggest() -> None:
    v = vocabulary()
    assert "argentine rock" not in v.in_tree and v.parent_of["argentine rock"] == "rock"
    assert v.parent_of["metal"] == "rock"  # heavy metal, death metal, ... are under rock
    assert v.parent_of["avant-garde metal"] == "rock"  # ends with 'metal', placed above
    assert v.parent_of["mpb"] is None  # nothing in the tree suggests one


def test_aliases_are_applied_as_beets_does_with_back_references() -> None:
    v = vocabulary()
    assert v.alias("post rock") == "post-rock"  # \1-\2
    assert v.alias("dnb") == "drum and bass"
    assert v.alias("hip-hop") == "hip hop"
    assert v.alias("goth rock") == "gothic rock"
    assert v.alias("gothic metal") == "gothic metal"  # the negative lookahead holds
    assert v.alias("not an alias") == "not an alias"


def test_squash_ignores_case_accents_and_punctuation() -> None:
    assert squash("Trip-Hop") == squash("trip hop") == "triphop"
    assert squash("Música") == "musica"


def test_reading_the_vocabulary_does_not_import_beets_code() -> None:
    code = (
        "import sys; from recsys.tags import vocabulary; vocabulary(); "
        "print(sorted(m for m in sys.modules if m.startswith('beet')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "['beetsplug']"  # the namespace package only, no plugin code
