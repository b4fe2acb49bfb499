"""The fixed vocabulary of the synthetic world: genres, countries, age groups and genders."""

from __future__ import annotations

from typing import Final

__all__ = [
    "AGE_GROUPS",
    "ARTIST_GENDERS",
    "COUNTRIES",
    "DIURNAL",
    "EMERGING_GENRES",
    "GENRES",
    "USER_GENDERS",
]

# parent: (popularity, home countries, [(sub-genre, age centre 0..5, minutes per track)])
# An age centre is the index into AGE_GROUPS of the listeners who like it most.
# fmt: off
GENRES: Final[dict[str, tuple[float, tuple[str, ...], list[tuple[str, int, float]]]]] = {
    "Pop": (1.0, (), [
        ("dance pop", 1, 3.3), ("synth-pop", 2, 3.8), ("indie pop", 2, 3.6),
        ("k-pop", 1, 3.4), ("art pop", 2, 4.0), ("bedroom pop", 1, 3.0),
    ]),
    "Rock": (0.8, ("US", "GB"), [
        ("indie rock", 2, 3.7), ("alternative rock", 3, 4.0), ("classic rock", 4, 4.6),
        ("punk", 2, 2.6), ("post-rock", 2, 7.5), ("shoegaze", 2, 4.8),
    ]),
    "Hip Hop": (0.9, ("US",), [
        ("trap", 1, 3.0), ("boom bap", 3, 3.8), ("conscious hip hop", 2, 4.0),
        ("drill", 1, 3.1), ("cloud rap", 1, 2.8), ("brazilian phonk", 1, 2.4),
    ]),
    "Electronic": (0.6, ("DE", "GB"), [
        ("house", 2, 6.0), ("techno", 2, 7.0), ("drum and bass", 2, 5.0),
        ("ambient", 3, 8.0), ("dubstep", 1, 4.2), ("synthwave", 2, 4.5),
    ]),
    "R&B & Soul": (0.45, ("US",), [
        ("contemporary r&b", 2, 3.6), ("neo soul", 3, 4.5), ("funk", 4, 4.8),
        ("motown", 5, 3.0), ("alternative r&b", 1, 3.5),
    ]),
    "Jazz": (0.2, ("US", "FR"), [
        ("bebop", 5, 5.5), ("smooth jazz", 4, 5.0), ("jazz fusion", 4, 6.5),
        ("nu jazz", 2, 5.0), ("swing", 5, 3.2),
    ]),
    "Classical": (0.15, ("DE", "FR"), [
        ("baroque", 5, 6.0), ("romantic era", 5, 9.0), ("minimalism", 3, 8.0),
        ("opera", 5, 6.5), ("film score", 2, 3.5),
    ]),
    "Metal": (0.3, ("SE", "DE", "US"), [
        ("heavy metal", 4, 5.0), ("death metal", 2, 4.8), ("black metal", 2, 6.5),
        ("metalcore", 1, 3.8), ("doom metal", 3, 8.5),
    ]),
    "Latin": (0.5, ("MX", "CO", "ES", "AR"), [
        ("reggaeton", 1, 3.4), ("salsa", 4, 4.8), ("bachata", 3, 4.0),
        ("latin pop", 2, 3.5), ("cumbia", 3, 3.6), ("regional mexican", 3, 3.3),
    ]),
    "Country & Folk": (0.35, ("US", "CA"), [
        ("contemporary country", 3, 3.4), ("americana", 4, 4.0), ("bluegrass", 5, 3.2),
        ("indie folk", 2, 4.0), ("singer-songwriter", 3, 3.8),
    ]),
    "African & Caribbean": (0.3, ("NG", "ZA"), [
        ("afrobeats", 1, 3.3), ("amapiano", 1, 6.0), ("reggae", 3, 4.0),
        ("dancehall", 2, 3.4), ("highlife", 4, 4.5), ("soca", 2, 3.6),
    ]),
    "Brazilian": (0.3, ("BR",), [
        ("samba", 4, 3.5), ("bossa nova", 5, 3.3), ("mpb", 3, 3.8),
        ("sertanejo", 2, 3.2), ("funk carioca", 1, 2.8), ("brega funk", 1, 2.6),
        ("piseiro", 1, 2.9),
    ]),
}

EMERGING_GENRES: Final = ("brazilian phonk", "brega funk", "piseiro")
"""Sub-genres that, when the plant is on, appear late and grow steeply in one country."""

# country: (share of listeners, UTC offset in hours)
COUNTRIES: Final[dict[str, tuple[float, float]]] = {
    "US": (0.20, -5.0), "BR": (0.12, -3.0), "GB": (0.08, 0.0), "DE": (0.07, 1.0),
    "MX": (0.07, -6.0), "IN": (0.05, 5.5), "FR": (0.05, 1.0), "JP": (0.04, 9.0),
    "ES": (0.04, 1.0), "NG": (0.04, 1.0), "KR": (0.03, 9.0), "SE": (0.03, 1.0),
    "ZA": (0.03, 2.0), "CO": (0.03, -5.0), "AR": (0.03, -3.0), "CA": (0.03, -5.0),
    "AU": (0.02, 10.0), "NL": (0.02, 1.0),
}

AGE_GROUPS: Final = ("13-17", "18-24", "25-34", "35-44", "45-54", "55+")
AGE_SHARES: Final = (0.07, 0.30, 0.29, 0.17, 0.10, 0.07)

USER_GENDERS: Final = (("female", 0.44), ("male", 0.44), ("non-binary", 0.02), (None, 0.10))
ARTIST_GENDERS: Final = (
    ("male", 0.55), ("female", 0.27), ("mixed", 0.13), ("non-binary", 0.02), (None, 0.03),
)

DIURNAL: Final = (
    0.6, 0.35, 0.2, 0.12, 0.1, 0.15, 0.5, 1.2, 1.8, 1.6, 1.3, 1.3,
    1.5, 1.4, 1.3, 1.4, 1.7, 2.0, 2.2, 2.3, 2.4, 2.2, 1.7, 1.1,
)
"""Relative share of sessions starting at each local hour of the day."""
# fmt: on

SYLLABLES: Final = (
    "ka",
    "lo",
    "mi",
    "ra",
    "ven",
    "sol",
    "tor",
    "ne",
    "ly",
    "dan",
    "ri",
    "sa",
    "mon",
    "bel",
    "ta",
    "zu",
    "ro",
    "vi",
    "el",
    "an",
    "mar",
    "co",
    "lu",
    "na",
    "fe",
    "jo",
    "ki",
    "do",
)
WORDS: Final = (
    "night",
    "gold",
    "river",
    "echo",
    "glass",
    "fever",
    "summer",
    "ghost",
    "neon",
    "static",
    "velvet",
    "paper",
    "wild",
    "silver",
    "ocean",
    "fire",
    "motion",
    "dream",
    "city",
    "shadow",
    "light",
    "heart",
    "storm",
    "honey",
    "electric",
    "midnight",
    "crystal",
    "garden",
    "signal",
    "satellite",
    "lonely",
    "golden",
    "broken",
    "secret",
    "blue",
    "red",
    "slow",
    "falling",
    "dance",
    "road",
    "home",
    "stars",
    "rain",
    "moon",
    "sun",
    "waves",
    "smoke",
    "youth",
)
