"""One free tag -> what it says: a canonical genre, a facet (era, place, voice), an opinion, or
nothing Soundcheck knows (kept raw, never made a genre).

The steps, in order (the first that applies decides):

1. **clean**: Unicode NFKC, lower case, dashes and underscores unified, white space collapsed,
   punctuation trimmed from the ends;
2. a genre the warehouse already holds **in a hierarchy** (a parent or a sub-genre, such as the
   synthetic generator's tree) is kept as it is;
3. **opinion** ("seen live", "favorites", "my favorite", "awesome");
4. **era** ("80s", "1990s", "eighties"), **voice** ("female vocalists"), **place** ("british",
   "uk"): the whole tag is a facet;
5. **genre**: beets' alias rules (``dnb`` -> drum and bass, ``hip-hop`` -> hip hop), then the
   tree or the genre list, exactly or by a spelling-blind key (``trip-hop`` = ``triphop``);
   a place, era or voice word in front ("swedish death metal") is kept as the tag's value;
6. **compound**: a qualifier plus a genre ("80s pop", "female fronted metal", "rap francais"):
   the genre, with the qualifier as the value;
7. otherwise **unknown**.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Final, Literal

import pandas as pd

from recsys.tags._facets import era, is_opinion, place, split_qualifier, voice
from recsys.tags._vocab import GenreVocabulary, squash, vocabulary

__all__ = ["KINDS", "Kind", "TagClass", "classify", "classify_tags", "clean"]

Kind = Literal["genre", "era", "place", "voice", "opinion", "unknown"]
KINDS: Final[tuple[Kind, ...]] = ("genre", "era", "place", "voice", "opinion", "unknown")
"""Every kind of tag, in the order of the classification's steps (genre first as the useful
one)."""

_UNIFY: Final = str.maketrans(
    {
        "‐": "-",
        "‑": "-",
        "‒": "-",
        "–": "-",
        "—": "-",
        "―": "-",
        "_": " ",
        "’": "'",
        "‘": "'",
        "`": "'",
        "´": "'",
    }
)
_EDGES: Final = " \t\"'.,;:!?*()[]{}<>#/\\|~=+"


def clean(tag: str) -> str:
    """The tag in the form every other step reads: NFKC, lower case, one kind of dash and
    apostrophe, underscores as spaces, white space collapsed, punctuation trimmed off the
    ends (``"  Hip_Hop!! "`` -> ``"hip hop"``)."""
    text = unicodedata.normalize("NFKC", tag).translate(_UNIFY).lower()
    return " ".join(" ".join(text.split()).strip(_EDGES).split())


@dataclass(frozen=True)
class TagClass:
    """What one tag says.

    Attributes:
        kind: genre, era, place, voice, opinion or unknown.
        genre: the canonical genre (kind ``genre`` only).
        parent: its parent genre; None for a top-level genre, a genre the tree cannot place,
            or a genre the warehouse already holds (which keeps its own parent).
        value: the facet the tag states: a decade (``1980s``), an ISO country code (``GB``)
            or a voice (``female``, ``male``); for a genre, the qualifier in front of it.
        rule: which step decided: ``existing``, ``opinion``, ``era``, ``voice``, ``place``,
            ``tree``, ``list``, ``alias``, ``spelling``, ``compound`` or ``unknown``.
    """

    kind: Kind
    genre: str | None = None
    parent: str | None = None
    value: str | None = None
    rule: str = "unknown"


def _genre(vocab: GenreVocabulary, tag: str) -> tuple[str, str] | None:
    """(canonical genre, rule) for a cleaned tag, or None.

    beets' alias rules come first; then the tag as it is; then a spelling-blind key.
    """
    aliased = vocab.alias(tag)
    for candidate in dict.fromkeys((aliased, tag)):
        if candidate in vocab.parent_of:
            if candidate != tag:
                return candidate, "alias"
            return candidate, "tree" if candidate in vocab.in_tree else "list"
    for candidate in dict.fromkeys((aliased, tag)):
        if (found := vocab.by_key.get(squash(candidate))) is not None:
            return found, "spelling"
    return None


def _as_genre(vocab: GenreVocabulary, name: str, rule: str, value: str | None) -> TagClass:
    parent = vocab.parent_of.get(name)
    return TagClass("genre", name, None if parent == name else parent, value, rule)


def classify(
    tag: str,
    *,
    existing: Collection[str] = (),
    vocab: GenreVocabulary | None = None,
) -> TagClass:
    """What a free tag says (see the module's steps).

    Args:
        tag: the tag as the source spells it.
        existing: cleaned names of the genres the warehouse holds in a hierarchy; such a tag
            is kept as that genre.
        vocab: the genre vocabulary (default: beets' files, :func:`vocabulary`).
    """
    v = vocab or vocabulary()
    c = clean(tag)
    if not c:
        return TagClass("unknown")
    qualifier = split_qualifier(c)
    qualifier_value = qualifier[0] if qualifier else None
    if c in existing:
        return TagClass("genre", c, None, qualifier_value, "existing")
    if is_opinion(c):
        return TagClass("opinion", rule="opinion")
    for kind, test in (("era", era), ("voice", voice), ("place", place)):
        if (value := test(c)) is not None:
            return TagClass(kind, value=value, rule=kind)  # type: ignore[arg-type]
    if (found := _genre(v, c)) is not None:
        return _as_genre(v, found[0], found[1], qualifier_value)
    if qualifier is not None and (found := _genre(v, qualifier[1])) is not None:
        return _as_genre(v, found[0], "compound", qualifier[0])
    return TagClass("unknown")


def classify_tags(
    tags: Iterable[str],
    *,
    existing: Iterable[str] = (),
    vocab: GenreVocabulary | None = None,
) -> pd.DataFrame:
    """Classify many tags at once.

    Args:
        tags: tags as the source spells them (duplicates are classified once).
        existing: names of the genres the warehouse holds in a hierarchy (any spelling).
        vocab: the genre vocabulary (default: beets' files).

    Returns:
        One row per distinct tag, sorted by tag: ``tag, kind, genre, parent, value, rule``.
    """
    v = vocab or vocabulary()
    known = frozenset(clean(name) for name in existing)
    rows = []
    for tag in sorted(set(tags)):
        got = classify(tag, existing=known, vocab=v)
        rows.append((tag, got.kind, got.genre, got.parent, got.value, got.rule))
    return pd.DataFrame(
        rows, columns=["tag", "kind", "genre", "parent", "value", "rule"], dtype=object
    )
