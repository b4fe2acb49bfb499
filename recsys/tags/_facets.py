"""Tags that are not genres: era, place, voice and opinion.

Each test takes a cleaned tag (:func:`recsys.tags.clean`) and returns the facet's value or
None. A facet can also qualify a genre ("80s pop", "swedish death metal", "female fronted
metal", "rap francais"): :func:`split_qualifier` separates the qualifier from the rest.
"""

from __future__ import annotations

import re
from typing import Final

from recsys.tags._places import PLACES

__all__ = ["era", "is_opinion", "place", "split_qualifier", "voice"]

_ERA: Final = re.compile(r"(?:(?P<full>(?:19|20)\d0)|(?P<short>\d0))'?s(?: music)?")
_YEAR: Final = re.compile(r"(?P<year>(?:19|20)\d\d)")
_ERA_WORDS: Final = {
    "twenties": "1920s",
    "thirties": "1930s",
    "forties": "1940s",
    "fifties": "1950s",
    "sixties": "1960s",
    "seventies": "1970s",
    "eighties": "1980s",
    "nineties": "1990s",
    "noughties": "2000s",
    "naughties": "2000s",
    "aughts": "2000s",
}
_GENDER_WORD: Final = {
    "female": "female",
    "females": "female",
    "woman": "female",
    "women": "female",
    "male": "male",
    "males": "male",
    "man": "male",
    "men": "male",
}
_VOICE: Final = re.compile(
    r"(?P<who>females?|males?|wom[ae]n|m[ae]n)[ -]?(?:lead[ -])?"
    r"(?:vocal|vocals|vocalist|vocalists|voice|voices|singer|singers|fronted|led|artist|artists"
    r"|rapper|rappers|mc|mcs|emcee|emcees|vocal group|vocal groups)"
)
_VOICE_GROUPS: Final = {
    "female": "female",
    "male": "male",
    "girl group": "female",
    "girl groups": "female",
    "girl band": "female",
    "girl bands": "female",
    "girlband": "female",
    "girlbands": "female",
    "diva": "female",
    "divas": "female",
    "boy band": "male",
    "boy bands": "male",
    "boyband": "male",
    "boybands": "male",
}
_VOICE_PREFIX: Final = re.compile(
    r"(?P<who>female|male)[ -](?:(?:fronted|vocal|vocals|voice|lead|led)[ -])?(?P<rest>.+)"
)
_OPINION_WORDS: Final = frozenset(
    {
        "seen live",
        "seen",
        "saw live",
        "seen in concert",
        "want to see live",
        "love",
        "loved",
        "lovely",
        "i love",
        "love it",
        "love love love",
        "awesome",
        "amazing",
        "beautiful",
        "cool",
        "best",
        "good",
        "great",
        "brilliant",
        "genius",
        "epic",
        "perfect",
        "fun",
        "fantastic",
        "excellent",
        "wonderful",
        "nice",
        "sexy",
        "addictive",
        "overrated",
        "underrated",
        "crap",
        "shit",
        "hate",
        "boring",
        "fav",
        "favs",
        "fave",
        "faves",
        "check out",
        "to check out",
        "albums i own",
        "owned",
        "spotify",
        "heard on pandora",
        "under 2000 listeners",
        "good music",
        "great music",
        "best music",
        "the best",
        "legend",
        "legends",
        "masterpiece",
    }
)
_OPINION: Final = re.compile(
    r".*\bfavou?rite?s?\b.*"
    r"|(?:my|i|i'm|im|me|mine|to) .*"
    r"|(?:seen|saw|see) (?:them |him |her |it )?live\b.*"
    r"|.*\b(?:albums? i own|i own|to listen|check (?:it |them )?out|heard on|listened to)\b.*"
    r"|(?:best|greatest|top) (?:band|bands|artist|artists|songs?|albums?|singer|singers|ever)\b.*"
    r"|.*\b(?:loved|lovely|awesome|amazing|beautiful|brilliant|genius|perfection|sexy)\b.*"
)


def is_opinion(tag: str) -> bool:
    """A personal or evaluative tag ("seen live", "favorites", "my favorite", "awesome")."""
    return tag in _OPINION_WORDS or _OPINION.fullmatch(tag) is not None


def era(tag: str) -> str | None:
    """The decade a tag names ("80s", "1990s", "eighties", "1999"), as ``1980s``.

    Two-digit decades are read as the 20th century except ``00s`` and ``10s`` (2000s, 2010s).
    """
    if tag in _ERA_WORDS:
        return _ERA_WORDS[tag]
    if m := _ERA.fullmatch(tag):
        if m["full"]:
            return f"{m['full']}s"
        century = "20" if m["short"] in ("00", "10") else "19"
        return f"{century}{m['short']}s"
    if m := _YEAR.fullmatch(tag):
        return f"{m['year'][:3]}0s"
    return None


def voice(tag: str) -> str | None:
    """The gender of the lead voice a tag names ("female vocalists" -> ``female``)."""
    if tag in _VOICE_GROUPS:
        return _VOICE_GROUPS[tag]
    if m := _VOICE.fullmatch(tag):
        return _GENDER_WORD[m["who"]]
    return None


def place(tag: str) -> str | None:
    """The ISO country code a place tag names ("british", "uk" -> ``GB``)."""
    return PLACES.get(tag)


def split_qualifier(tag: str) -> tuple[str, str] | None:
    """``(facet value, rest)`` when a tag is a place, era or voice qualifier plus more.

    "swedish death metal" -> ("SE", "death metal"); "80s pop" -> ("1980s", "pop");
    "female fronted metal" -> ("female", "metal"); "rap francais" -> ("FR", "rap").
    The longest qualifier wins; None when the tag has no qualifier or nothing after it.
    """
    words = tag.split(" ")
    for n in range(min(3, len(words) - 1), 0, -1):
        head, rest = " ".join(words[:n]), " ".join(words[n:])
        value = place(head) or era(head)
        if value is not None:
            return value, rest
    if m := _VOICE_PREFIX.fullmatch(tag):
        return _GENDER_WORD[m["who"]], m["rest"]
    for n in range(min(3, len(words) - 1), 0, -1):
        head, tail = " ".join(words[:-n]), " ".join(words[-n:])
        if (value := place(tail)) is not None:
            return value, head
    return None
