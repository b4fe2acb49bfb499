"""The genre vocabulary: beets' last.fm genre tree, genre list and spelling aliases.

The data files ship inside the installed ``beets`` package (``beetsplug/lastgenre/``:
``genres-tree.yaml``, ``genres.txt``, ``aliases.yaml``). They are read as data with
:mod:`importlib.resources`; beets' Python code is never imported, so reading them costs a YAML
parse (about 0.1 s, once per process) and no plugin machinery.

Soundcheck keeps two levels of genre: every node of the tree is mapped to its top-level
ancestor (the parent genre) and itself (the sub-genre). A genre of ``genres.txt`` that the tree
does not place gets the parent that the tree's own compound names suggest
(:func:`_inferred_parent`), or none.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from types import MappingProxyType
from typing import Any, Final

from recsys.errors import DataError

__all__ = ["GenreVocabulary", "squash", "vocabulary"]

_PACKAGE: Final = "beetsplug"
_FOLDER: Final = "lastgenre"
_MIN_HEAD_SHARE: Final = 0.5
"""A whitelist genre named like a head word of the tree's compounds ("metal" in "death metal")
gets the parent most of those compounds share, when at least this share of them do."""


def squash(text: str) -> str:
    """A spelling-blind key: letters and digits only, accents removed, lower case.

    ``"Trip-Hop"``, ``"trip hop"`` and ``"triphop"`` share the key ``"triphop"``.
    """
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if c.isalnum() and not unicodedata.combining(c))


@dataclass(frozen=True)
class GenreVocabulary:
    """The canonical genres and how tag spellings reach them.

    Attributes:
        parent_of: every canonical genre -> its parent genre (the top-level ancestor in the
            tree); a top-level genre is its own parent; None for a genre the tree does not
            place and whose parent cannot be told.
        in_tree: genres that are nodes of the tree (the rest come from ``genres.txt``).
        aliases: beets' alias rules in file order: a compiled pattern (matched against the
            whole tag, ignoring case) and the replacement template, with back-references.
        by_key: :func:`squash` key -> canonical genre (tree nodes before list entries).
        source: where the files were read from.
    """

    parent_of: MappingProxyType[str, str | None]
    in_tree: frozenset[str]
    aliases: tuple[tuple[re.Pattern[str], str], ...]
    by_key: MappingProxyType[str, str]
    source: str

    def alias(self, tag: str) -> str:
        """The tag after beets' alias rules: the first rule whose pattern matches the whole
        tag wins and its template is expanded (``\\1``); without a match the tag is kept."""
        for pattern, template in self.aliases:
            if m := pattern.fullmatch(tag):
                try:
                    return m.expand(template)
                except (re.error, IndexError):
                    continue
        return tag


def _files() -> Traversable:
    try:
        folder = resources.files(_PACKAGE) / _FOLDER
    except ModuleNotFoundError as exc:
        raise DataError(
            "the genre vocabulary comes from the beets package, which is not installed "
            "(pip install beets)"
        ) from exc
    if not folder.joinpath("genres-tree.yaml").is_file():
        raise DataError(f"no genres-tree.yaml in {folder}: is beets installed completely?")
    return folder


def _walk(node: Any, path: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
    """Every root-to-node path of the YAML tree, in file order (nulls are leaves' ends)."""
    if node is None:
        return
    if isinstance(node, dict):
        for key, value in node.items():
            here = (*path, str(key).strip().lower())
            yield here
            yield from _walk(value, here)
    elif isinstance(node, list):
        for item in node:
            yield from _walk(item, path)
    else:
        yield (*path, str(node).strip().lower())


def _inferred_parent(name: str, top_of: dict[str, str], *, heads: bool = True) -> str | None:
    """The parent of a genre the tree does not place, from the tree's compound names.

    1. The longest tree genre the name ends with, as whole words: "argentine rock" -> rock.
    2. Else the parent shared by most tree genres that have the name as a whole first or last
       word ("metal": heavy metal, death metal, ... -> rock), when at least half share it
       (only with ``heads``).
    """
    words = name.split(" ")
    for i in range(1, len(words)):
        tail = " ".join(words[i:])
        if tail in top_of:
            return top_of[tail]
    if not heads:
        return None
    shared = Counter(
        top
        for node, top in top_of.items()
        if node != name and (node.startswith(name + " ") or node.endswith(" " + name))
    )
    if not shared:
        return None
    (best, n), *_ = sorted(shared.items(), key=lambda kv: (-kv[1], kv[0]))
    return best if n / sum(shared.values()) >= _MIN_HEAD_SHARE else None


@cache
def vocabulary() -> GenreVocabulary:
    """The genre vocabulary, read once per process from the installed beets package.

    Raises:
        DataError: beets (and so its data files) is not installed.
    """
    import yaml  # a dependency of beets; only needed here

    folder = _files()
    tree = yaml.safe_load(folder.joinpath("genres-tree.yaml").read_text(encoding="utf-8"))
    top_of: dict[str, str] = {}
    for path in _walk(tree, ()):
        top_of.setdefault(path[-1], path[0])  # first placement wins, as beets' find_parents
    listed = [
        line.strip().lower()
        for line in folder.joinpath("genres.txt").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]
    parent_of: dict[str, str | None] = dict(top_of)
    unplaced = sorted(set(listed) - set(top_of))
    for name in unplaced:
        parent_of[name] = _inferred_parent(name, top_of)
    placed = {n: p for n, p in parent_of.items() if p is not None}
    for name in unplaced:  # a second pass: "avant-garde metal" ends with "metal" -> rock
        if parent_of[name] is None:
            parent_of[name] = _inferred_parent(name, placed, heads=False)
    raw_aliases = yaml.safe_load(folder.joinpath("aliases.yaml").read_text(encoding="utf-8"))
    aliases = tuple(
        (re.compile(pattern, re.IGNORECASE), str(template).lower())
        for template, patterns in (raw_aliases or {}).items()
        for pattern in patterns
    )
    by_key: dict[str, str] = {}
    for name in [*top_of, *sorted(set(listed) - set(top_of))]:
        by_key.setdefault(squash(name), name)
    return GenreVocabulary(
        parent_of=MappingProxyType(parent_of),
        in_tree=frozenset(top_of),
        aliases=aliases,
        by_key=MappingProxyType(by_key),
        source=str(folder),
    )
