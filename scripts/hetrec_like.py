"""Write a hetrec2011-lastfm-2k-style dataset whose tagging looks like the real one's.

There is no copy of the real hetrec data on the machines Soundcheck is built on (and no network
to fetch it), so the tag figures in docs/tags.md come from this fixture, not from the real
dataset. It reproduces the shape of hetrec's tagging: about 186,000 tag applications by 1,892
users on about 12,500 of 17,632 artists, a Zipf-like vocabulary of about 11,900 tags that mixes
real genre names with their spelling variants and misspellings, era, place and voice facets,
opinion tags ("seen live" on every popular artist), and a long tail of junk tags most of which
one artist carries. Every artist has a planted genre family, lead-voice gender (None for acts
without one lead) and country, so what the import infers can be checked.

    .venv/bin/python scripts/hetrec_like.py OUT_FOLDER [--scale 1.0] [--seed 7]
"""

from __future__ import annotations

import argparse
import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Final

import numpy as np

__all__ = ["Planted", "write"]

# family: genre tags as listeners write them (spelling variants and misspellings included),
# most used first
# fmt: off
FAMILIES: Final[dict[str, tuple[str, ...]]] = {
    "rock": ("rock", "alternative", "alternative rock", "indie", "indie rock", "classic rock",
             "hard rock", "punk", "post-punk", "britpop", "grunge", "progressive rock",
             "psychedelic rock", "garage rock", "Alternative Rock", "post rock", "Post-Rock",
             "shoegaze", "emo", "pop punk", "folk rock", "soft rock", "punk rock", "new wave",
             "stoner rock", "math rock", "Rock", "Indie", "alt rock", "noise rock",
             "rock n roll", "space rock", "alternitive", "indie-rock", "prog rock", "glam rock"),
    "metal": ("metal", "heavy metal", "death metal", "black metal", "thrash metal",
              "power metal", "metalcore", "progressive metal", "doom metal", "nu metal",
              "gothic metal", "symphonic metal", "melodic death metal", "hardcore", "Metal",
              "industrial metal", "folk metal", "alternative metal", "deathcore", "grindcore",
              "sludge", "viking metal", "speed metal", "nu-metal", "metall", "post-metal"),
    "electronic": ("electronic", "electronica", "ambient", "house", "techno", "trance",
                   "trip-hop", "idm", "downtempo", "chillout", "electro", "drum and bass",
                   "dubstep", "minimal", "synthpop", "Electronic", "dnb", "drum n bass",
                   "trip hop", "chill out", "deep house", "breakbeat", "industrial", "edm",
                   "electroclash", "electronic music", "big beat", "glitch", "synth pop",
                   "darkwave", "ebm", "electornic", "progressive house", "psytrance"),
    "pop": ("pop", "dance", "electropop", "synth-pop", "pop rock", "Pop", "teen pop",
            "dance-pop", "europop", "j-pop", "k-pop", "power pop", "indie pop", "dream pop",
            "disco", "eurodance", "pop music", "poprock", "bubblegum pop", "chamber pop"),
    "hip hop": ("hip-hop", "rap", "hip hop", "Hip-Hop", "hiphop", "underground hip-hop",
                "gangsta rap", "east coast rap", "west coast", "Hip Hop", "dirty south",
                "hip hop/rap", "old school hip hop", "trip hop", "abstract hip-hop",
                "hardcore rap", "rap metal", "hip-hop/rap", "horrorcore", "grime"),
    "r&b": ("rnb", "soul", "r&b", "funk", "RnB", "neo-soul", "motown", "R&B",
            "contemporary r&b", "neo soul", "northern soul", "rhythm and blues", "soul music",
            "funky", "new jack swing"),
    "jazz": ("jazz", "smooth jazz", "vocal jazz", "swing", "bebop", "jazz fusion", "nu jazz",
             "acid jazz", "free jazz", "cool jazz", "Jazz", "big band", "latin jazz",
             "bossa nova", "jazz vocal", "hard bop"),
    "folk": ("folk", "singer-songwriter", "acoustic", "indie folk", "folk rock", "americana",
             "freak folk", "celtic", "folk pop", "neofolk", "anti-folk", "Folk",
             "singer songwriter", "traditional folk"),
    "country": ("country", "alt-country", "bluegrass", "americana", "country rock",
                "outlaw country", "country pop", "Country", "honky tonk", "classic country"),
    "reggae": ("reggae", "ska", "dub", "roots reggae", "dancehall", "ska punk", "Reggae",
               "reggea", "rocksteady", "reggaeton"),
    "classical": ("classical", "instrumental", "piano", "soundtrack", "baroque", "opera",
                  "contemporary classical", "Classical", "modern classical", "neoclassical",
                  "romantic", "minimalism", "orchestral", "score"),
    "latin": ("latin", "latin pop", "salsa", "mpb", "bossa nova", "samba", "reggaeton",
              "tango", "flamenco", "cumbia", "musica latina", "rock en espanol", "Latin"),
    "blues": ("blues", "blues rock", "delta blues", "electric blues", "chicago blues", "Blues",
              "soul blues", "rhythm and blues", "blues-rock"),
}
FAMILY_SHARE: Final = {
    "rock": 0.27, "metal": 0.12, "electronic": 0.16, "pop": 0.12, "hip hop": 0.07,
    "r&b": 0.05, "jazz": 0.04, "folk": 0.05, "country": 0.03, "reggae": 0.02,
    "classical": 0.03, "latin": 0.02, "blues": 0.02,
}
# tags listeners use that no genre tree holds, or moods and descriptions
DESCRIPTIVE: Final = (
    "experimental", "instrumental", "psychedelic", "gothic", "new age", "chill", "mellow",
    "atmospheric", "melancholic", "sad", "happy", "relax", "chillout", "cover", "covers",
    "live", "remix", "guitar", "piano", "oldies", "classic", "epic", "dark", "energetic",
    "upbeat", "romantic", "soundtrack", "avant-garde", "lounge", "world", "underground",
    "catchy", "quirky", "dreamy", "party", "summer", "driving", "rainy day", "love songs",
    "christmas", "religious", "christian", "acoustic", "cool", "psychedelic", "visual kei",
)
OPINION: Final = (
    ("seen live", 60.0), ("favorites", 8.0), ("favourite", 4.0), ("awesome", 5.0),
    ("love", 5.0), ("beautiful", 4.0), ("my favorite", 2.0), ("favorite artists", 2.0),
    ("amazing", 2.0), ("sexy", 2.0), ("albums i own", 1.5), ("best", 1.0),
    ("check out", 1.0), ("under 2000 listeners", 1.0), ("genius", 1.0), ("fav", 1.0),
    ("loved", 1.0), ("favourites", 1.0), ("seen in concert", 0.5), ("Seen Live", 1.0),
)
PLACE_TAGS: Final[dict[str, tuple[str, ...]]] = {
    "US": ("american", "usa", "us"), "GB": ("british", "uk", "english", "scottish"),
    "DE": ("german", "deutsch", "germany"), "SE": ("swedish", "sweden"),
    "FR": ("french", "france"), "JP": ("japanese", "japan"), "BR": ("brazilian", "brasil"),
    "CA": ("canadian", "canada"), "AU": ("australian", "aussie"), "FI": ("finnish", "suomi"),
    "NO": ("norwegian", "norway"), "IS": ("icelandic",), "IE": ("irish",),
    "IT": ("italian",), "ES": ("spanish",), "PL": ("polish", "polska"), "RU": ("russian",),
    "KR": ("korean",), "NL": ("dutch",), "GR": ("greek",),
}
COUNTRY_SHARE: Final = {
    "US": 0.36, "GB": 0.2, "DE": 0.06, "SE": 0.05, "FR": 0.04, "JP": 0.04, "BR": 0.04,
    "CA": 0.04, "AU": 0.03, "FI": 0.03, "NO": 0.02, "IS": 0.01, "IE": 0.01, "IT": 0.02,
    "ES": 0.01, "PL": 0.01, "RU": 0.01, "KR": 0.01, "NL": 0.005, "GR": 0.005,
}
VOICE_TAGS: Final = {
    "female": (("female vocalists", 70.0), ("female vocalist", 10.0), ("female vocals", 8.0),
               ("female", 5.0), ("Female Vocalists", 4.0), ("female fronted", 3.0)),
    "male": (("male vocalists", 80.0), ("male vocalist", 10.0), ("male vocals", 10.0)),
}
ERA_TAGS: Final = {
    "1960s": ("60s", "sixties", "1960s"), "1970s": ("70s", "1970s", "70's"),
    "1980s": ("80s", "1980s", "80's", "eighties"), "1990s": ("90s", "1990s", "90's"),
    "2000s": ("00s", "2000s", "2008", "2009"),
}
JUNK_WORDS: Final = (
    "songs", "for", "rainy", "days", "my", "radio", "stuff", "random", "night", "summer",
    "driving", "memories", "heard", "on", "tv", "ipod", "mix", "tape", "2007", "2010",
    "sleep", "study", "work", "morning", "car", "zzz", "lol", "omg", "want", "to", "see",
    "dance", "floor", "party", "girls", "boys", "blue", "red", "sunday", "friday", "road",
    "trip", "sound", "waves", "tracks", "best", "of", "the", "year", "new", "old",
)
# fmt: on
SYLLABLES: Final = ("ka", "lo", "mi", "ra", "ven", "sol", "tor", "ne", "ly", "dan", "ri", "sa")


@dataclass(frozen=True)
class Planted:
    """What the fixture planted for one artist."""

    name: str
    family: str
    lead: str | None
    country: str
    decade: str


@cache
def _zipf(n: int, exponent: float) -> np.ndarray:
    w = 1.0 / np.arange(1, n + 1) ** exponent
    return w / w.sum()


def _name(rng: np.random.Generator, i: int) -> str:
    parts = rng.choice(SYLLABLES, size=int(rng.integers(2, 5)))
    return "".join(parts).capitalize() + f" {i}"


def _junk(rng: np.random.Generator, n: int) -> list[str]:
    words = np.array(JUNK_WORDS)
    out: dict[str, None] = {}
    while len(out) < n:
        k = int(rng.integers(1, 4))
        tag = " ".join(rng.choice(words, size=k))
        if rng.random() < 0.3:
            tag += f" {int(rng.integers(1, 999))}"
        out.setdefault(tag)
    return list(out)


def write(root: Path, *, scale: float = 1.0, seed: int = 7) -> tuple[Path, dict[str, Planted]]:
    """Write the dataset's files into ``root/hetrec-like`` and return it with the truth.

    Args:
        root: where the folder is written.
        scale: 1.0 is hetrec's size (17,632 artists, 1,892 users, about 186,000 tag
            applications); smaller for quick tests.
        seed: the dataset is a function of the seed.
    """
    rng = np.random.default_rng(seed)
    n_artists = max(int(17_632 * scale), 50)
    n_tagged = max(int(12_523 * scale), 40)
    n_users = max(int(1_892 * scale), 20)
    n_apps = max(int(186_479 * scale), 500)
    families = list(FAMILY_SHARE)
    fam = rng.choice(families, size=n_artists, p=np.array(list(FAMILY_SHARE.values())))
    leads = rng.choice(np.array(["female", "male", ""]), size=n_artists, p=[0.25, 0.45, 0.30])
    codes = list(COUNTRY_SHARE)
    share = np.array(list(COUNTRY_SHARE.values()))
    country = rng.choice(codes, size=n_artists, p=share / share.sum())
    decades = rng.choice(list(ERA_TAGS), size=n_artists, p=[0.08, 0.14, 0.2, 0.28, 0.3])
    names = [_name(rng, i) for i in range(1, n_artists + 1)]
    planted = {
        names[i]: Planted(
            names[i], str(fam[i]), str(leads[i]) or None, str(country[i]), str(decades[i])
        )
        for i in range(n_artists)
    }
    junk = _junk(rng, int(9_000 * max(scale, 0.05)))
    junk_p = _zipf(len(junk), 0.6)

    artist = rng.choice(n_tagged, size=n_apps, p=_zipf(n_tagged, 0.85))
    user = rng.integers(1, n_users + 1, size=n_apps)
    kind = rng.choice(
        np.array(["genre", "descriptive", "opinion", "voice", "place", "era", "junk", "self"]),
        size=n_apps,
        p=[0.52, 0.08, 0.11, 0.05, 0.06, 0.05, 0.09, 0.04],
    )
    tags = np.empty(n_apps, dtype=object)
    for i in range(n_apps):
        a = int(artist[i])
        k = kind[i]
        if k == "voice" and not leads[a]:
            k = "genre"
        if k == "genre":
            pool = FAMILIES[str(fam[a])]
            tags[i] = pool[int(rng.choice(len(pool), p=_zipf(len(pool), 1.1)))]
        elif k == "descriptive":
            tags[i] = DESCRIPTIVE[int(rng.choice(len(DESCRIPTIVE), p=_zipf(len(DESCRIPTIVE), 1.0)))]
        elif k == "opinion":
            w = np.array([x for _, x in OPINION])
            tags[i] = OPINION[int(rng.choice(len(OPINION), p=w / w.sum()))][0]
        elif k == "voice":
            said = (
                str(leads[a])
                if rng.random() > 0.04
                else ("male" if leads[a] == "female" else "female")
            )
            options = VOICE_TAGS[said]
            w = np.array([x for _, x in options])
            tags[i] = options[int(rng.choice(len(options), p=w / w.sum()))][0]
        elif k == "place":
            code = str(country[a]) if rng.random() > 0.05 else str(rng.choice(codes))
            options_p = PLACE_TAGS[code]
            tags[i] = options_p[int(rng.choice(len(options_p), p=_zipf(len(options_p), 1.5)))]
        elif k == "era":
            options_e = ERA_TAGS[str(decades[a])]
            tags[i] = options_e[int(rng.choice(len(options_e), p=_zipf(len(options_e), 1.5)))]
        elif k == "junk":
            tags[i] = junk[int(rng.choice(len(junk), p=junk_p))]
        else:
            tags[i] = names[a].lower()
    return _files(root, names, artist, user, tags, n_users, rng), planted


def _files(
    root: Path,
    names: list[str],
    artist: np.ndarray,
    user: np.ndarray,
    tags: np.ndarray,
    n_users: int,
    rng: np.random.Generator,
) -> Path:
    folder = root / "hetrec-like"
    folder.mkdir(parents=True, exist_ok=True)
    tag_ids: dict[str, int] = {}
    rows = []
    for a, u, t in zip(artist, user, tags, strict=True):
        tag_id = tag_ids.setdefault(str(t), len(tag_ids) + 1)
        rows.append(f"{int(u)}\t{int(a) + 1}\t{tag_id}\t1\t1\t2010")
    (folder / "artists.dat").write_text(
        "id\tname\turl\tpictureURL\n" + "".join(f"{i}\t{n}\t\t\n" for i, n in enumerate(names, 1)),
        encoding="utf-8",
    )
    (folder / "tags.dat").write_text(
        "tagID\ttagValue\n" + "".join(f"{i}\t{t}\n" for t, i in tag_ids.items()),
        encoding="utf-8",
    )
    listened = rng.integers(1, len(names) + 1, size=len(names) * 5)
    listeners = rng.integers(1, n_users + 1, size=len(listened))
    plays = rng.integers(1, 5_000, size=len(listened))
    (folder / "user_artists.dat").write_text(
        "userID\tartistID\tweight\n"
        + "".join(
            f"{u}\t{a}\t{p}\n"
            for (u, a), p in dict(
                zip(zip(listeners, listened, strict=True), plays, strict=True)
            ).items()
        )
    )
    (folder / "user_taggedartists.dat").write_text(
        "userID\tartistID\ttagID\tday\tmonth\tyear\n" + "\n".join(rows) + "\n"
    )
    return folder


def main() -> None:
    """Write the fixture and the planted truth (``truth.json``) into the given folder."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    folder, planted = write(args.out, scale=args.scale, seed=args.seed)
    truth = {n: p.__dict__ for n, p in planted.items()}
    (folder.parent / "truth.json").write_text(json.dumps(truth, indent=1, sort_keys=True))


if __name__ == "__main__":
    main()
