"""The generated catalogue: genre hierarchy, artists and tracks, with their true appeal."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from recsys.synth._config import SynthConfig
from recsys.synth._taxonomy import (
    ARTIST_GENDERS,
    COUNTRIES,
    EMERGING_GENRES,
    GENRES,
    SYLLABLES,
    WORDS,
)

__all__ = ["Catalog", "GenreTable", "make_catalog", "make_genres"]

TAIL_EXPONENT = 0.35
"""Niche listeners weigh artists by appeal**0.35 instead of appeal: a flatter popularity curve."""


@dataclass(frozen=True)
class GenreTable:
    """The genre hierarchy and the per-sub-genre parameters the generator needs.

    Attributes:
        frame: canonical ``genres`` rows (parents first, then sub-genres).
        sub_ids: genre_id of each sub-genre, in sub-genre index order.
        sub_names: name of each sub-genre.
        parent_of: parent index (0..n_parents-1) of each sub-genre.
        popularity: base popularity weight of each sub-genre.
        age_centre: age-group index whose listeners like the sub-genre most.
        minutes: typical track length in minutes.
        home: for each sub-genre, the countries where it is local (possibly empty).
        emerging: mask of the sub-genres that can be planted as emerging.
    """

    frame: pd.DataFrame
    sub_ids: np.ndarray
    sub_names: list[str]
    parent_of: np.ndarray
    popularity: np.ndarray
    age_centre: np.ndarray
    minutes: np.ndarray
    home: list[tuple[str, ...]]
    emerging: np.ndarray


def make_genres(rng: np.random.Generator) -> GenreTable:
    """Build the fixed 12-parent, 68-sub-genre hierarchy with seeded popularity noise."""
    parents = list(GENRES)
    rows: list[tuple[int, str, int | None]] = [(i + 1, n, None) for i, n in enumerate(parents)]
    sub_names, parent_of, pop, age, minutes, home = [], [], [], [], [], []
    for p, (parent_pop, countries, subs) in enumerate(GENRES.values()):
        noise = rng.lognormal(0.0, 0.5, size=len(subs))
        for (name, centre, mins), n in zip(subs, noise, strict=True):
            sub_names.append(name)
            parent_of.append(p)
            pop.append(parent_pop * n / len(subs))
            age.append(centre)
            minutes.append(mins)
            home.append(("KR",) if name == "k-pop" else countries)
    first = len(parents) + 1
    sub_ids = np.arange(first, first + len(sub_names))
    rows += [(int(g), n, int(p) + 1) for g, n, p in zip(sub_ids, sub_names, parent_of, strict=True)]
    frame = pd.DataFrame(rows, columns=["genre_id", "name", "parent_id"]).astype(
        {"genre_id": "int32", "parent_id": "Int32"}
    )
    return GenreTable(
        frame=frame,
        sub_ids=sub_ids,
        sub_names=sub_names,
        parent_of=np.array(parent_of),
        popularity=np.array(pop),
        age_centre=np.array(age),
        minutes=np.array(minutes),
        home=home,
        emerging=np.isin(sub_names, EMERGING_GENRES),
    )


@dataclass(frozen=True)
class Catalog:
    """Artists and tracks with their latent parameters (indices are ids minus one).

    Attributes:
        genres: the genre hierarchy.
        artist_genre: primary sub-genre index of each artist.
        artist_appeal: true appeal of each artist (log-normal, heavy-tailed).
        artist_exposure: logging-policy multiplier (below 1 for an under-exposed group).
        artist_debut: day (relative to the log's start) of each artist's first release.
        track_artist: artist index of each track.
        track_appeal: true appeal of each track within its artist.
        track_release: release day of each track, relative to the log's start.
        track_minutes: duration of each track in minutes.
        artists: canonical ``artists`` rows.
        tracks: canonical ``tracks`` rows.
        artist_genres: canonical ``artist_genres`` rows (tags with weights).
    """

    genres: GenreTable
    artist_genre: np.ndarray
    artist_appeal: np.ndarray
    artist_exposure: np.ndarray
    artist_debut: np.ndarray
    track_artist: np.ndarray
    track_appeal: np.ndarray
    track_release: np.ndarray
    track_minutes: np.ndarray
    artists: pd.DataFrame
    tracks: pd.DataFrame
    artist_genres: pd.DataFrame


def _choice(rng: np.random.Generator, options: tuple, n: int) -> np.ndarray:
    values, weights = zip(*options, strict=True)
    w = np.array(weights, dtype=float)
    return np.array(values, dtype=object)[rng.choice(len(values), size=n, p=w / w.sum())]


def _names(rng: np.random.Generator, n: int, solo: np.ndarray) -> list[str]:
    syl = np.array(SYLLABLES)
    words = np.array(WORDS)
    first = np.char.add(syl[rng.integers(0, len(syl), n)], syl[rng.integers(0, len(syl), n)])
    last = np.char.add(
        np.char.add(syl[rng.integers(0, len(syl), n)], syl[rng.integers(0, len(syl), n)]),
        syl[rng.integers(0, len(syl), n)],
    )
    band = np.char.add(
        "The ",
        np.char.add(
            np.char.add(words[rng.integers(0, len(words), n)], " "),
            words[rng.integers(0, len(words), n)],
        ),
    )
    solo_names = np.char.add(np.char.add(np.char.capitalize(first), " "), np.char.capitalize(last))
    return [
        str(s) if is_solo else str(b).title()
        for s, b, is_solo in zip(solo_names, band, solo, strict=True)
    ]


def make_catalog(config: SynthConfig, rng: np.random.Generator) -> Catalog:
    """Generate artists and tracks: Zipf-like appeal, genres, gender, country, release dates."""
    genres = make_genres(rng)
    n_a, n_t = config.n_artists, config.n_tracks
    emerging_on = config.plants.emerging
    # artists per sub-genre: popular genres have more artists, but the tail is not empty
    genre_w = genres.popularity**0.7
    artist_genre = rng.choice(len(genre_w), size=n_a, p=genre_w / genre_w.sum())
    # every sub-genre gets at least two artists so each one can be heard
    artist_genre[: 2 * len(genre_w)] = np.repeat(np.arange(len(genre_w)), 2)
    rng.shuffle(artist_genre)
    appeal = rng.lognormal(0.0, 1.7, size=n_a)
    gender = _choice(rng, ARTIST_GENDERS, n_a)
    exposure = np.ones(n_a)
    if config.plants.exposure_bias:
        exposure[gender == config.plants.exposure_group] = config.plants.exposure_factor
    # country: mostly the genre's home countries where it has some, else the global mix
    codes = list(COUNTRIES)
    shares = np.array([COUNTRIES[c][0] for c in codes])
    country = np.array(codes, dtype=object)[
        rng.choice(len(codes), size=n_a, p=shares / shares.sum())
    ]
    local = rng.random(n_a) < 0.7
    pick = rng.random(n_a)
    for g, homes in enumerate(genres.home):
        if homes:
            mask = (artist_genre == g) & local
            country[mask] = np.array(homes, dtype=object)[(pick[mask] * len(homes)).astype(int)]
    # debut: exponential years back, older for genres loved by older listeners
    years_back = rng.exponential(9.0, size=n_a) + 2.5 * np.maximum(
        genres.age_centre[artist_genre] - 2, 0
    )
    debut = -np.minimum(years_back, 60.0) * 365.25 - 1.0
    u_debut = rng.random(n_a)
    # 6 % of artists debut inside the log (catalogue growth)
    newcomer = rng.random(n_a) < 0.06
    debut = np.where(newcomer, u_debut * config.days * 0.95, debut)
    emerging_artist = genres.emerging[artist_genre]
    if emerging_on:
        start = config.days - config.plants.emerging_days - 20
        debut = np.where(
            emerging_artist, start + u_debut * config.plants.emerging_days * 0.8, debut
        )
    # tracks: one per artist, the rest shared out by appeal
    extra = rng.multinomial(n_t - n_a, (w := appeal**0.4 * rng.lognormal(0, 0.6, n_a)) / w.sum())
    per_artist = 1 + extra
    track_artist = np.repeat(np.arange(n_a), per_artist)
    u_rel = rng.random(n_t)
    start_day = debut[track_artist]
    # back catalogue spread from debut to the end; 10 % of tracks are singles of the last year
    track_release = start_day + u_rel * (config.days - start_day)
    first = np.zeros(n_a, dtype=np.int64)
    first[1:] = np.cumsum(per_artist)[:-1]
    track_release[first] = debut  # the debut release is the artist's first track
    track_appeal = rng.lognormal(0.0, 1.2, size=n_t)
    track_minutes = genres.minutes[artist_genre[track_artist]] * rng.lognormal(0.0, 0.22, n_t)
    start_ts = pd.Timestamp(config.start)
    artist_id = np.arange(1, n_a + 1, dtype=np.int32)
    names = _names(rng, n_a, solo=np.isin(gender, ["female", "male", "non-binary"]))
    artists = pd.DataFrame(
        {
            "artist_id": artist_id,
            "name": names,
            "country": country.astype(object),
            "gender": gender,
            "debut_year": (start_ts + pd.to_timedelta(debut, unit="D")).year.astype("int32"),
        }
    )
    words = np.array(WORDS)
    t1 = words[rng.integers(0, len(words), n_t)]
    t2 = words[rng.integers(0, len(words), n_t)]
    titles = np.char.title(np.char.add(np.char.add(t1, " "), t2))
    album_no = (np.arange(n_t) - first[track_artist]) // 10
    album_words = words[(track_artist * 7 + album_no * 3) % len(words)]
    albums = np.char.title(
        np.char.add(album_words, np.char.add(" vol. ", (album_no + 1).astype(str)))
    )
    tracks = pd.DataFrame(
        {
            "track_id": np.arange(1, n_t + 1, dtype=np.int32),
            "artist_id": artist_id[track_artist],
            "title": titles.astype(object),
            "album": albums.astype(object),
            "release_date": (start_ts + pd.to_timedelta(track_release, unit="D")).normalize().date,
            "duration_ms": np.round(track_minutes * 60_000).astype("int32"),
        }
    )
    artist_genres = _artist_tags(rng, genres, artist_genre, artist_id)
    return Catalog(
        genres=genres,
        artist_genre=artist_genre,
        artist_appeal=appeal,
        artist_exposure=exposure,
        artist_debut=debut,
        track_artist=track_artist,
        track_appeal=track_appeal,
        track_release=track_release,
        track_minutes=track_minutes,
        artists=artists,
        tracks=tracks,
        artist_genres=artist_genres,
    )


def _artist_tags(
    rng: np.random.Generator, genres: GenreTable, artist_genre: np.ndarray, artist_id: np.ndarray
) -> pd.DataFrame:
    """Tags as a source would give them: the primary genre, often a sibling, sometimes a stray."""
    n = len(artist_genre)
    n_sub = len(genres.sub_ids)
    parent = genres.parent_of[artist_genre]
    siblings = [np.flatnonzero(genres.parent_of == p) for p in range(parent.max() + 1)]
    sib_pick = np.array(
        [
            siblings[p][i % len(siblings[p])]
            for p, i in zip(parent, rng.integers(0, 100, n), strict=True)
        ]
    )
    has_sib = (rng.random(n) < 0.6) & (sib_pick != artist_genre)
    stray = rng.integers(0, n_sub, n)
    has_stray = (rng.random(n) < 0.2) & (genres.parent_of[stray] != parent)
    frames = [
        pd.DataFrame({"artist_id": artist_id, "g": artist_genre, "weight": 1.0}),
        pd.DataFrame(
            {
                "artist_id": artist_id[has_sib],
                "g": sib_pick[has_sib],
                "weight": np.round(rng.uniform(0.3, 0.7, has_sib.sum()), 2),
            }
        ),
        pd.DataFrame(
            {
                "artist_id": artist_id[has_stray],
                "g": stray[has_stray],
                "weight": np.round(rng.uniform(0.1, 0.3, has_stray.sum()), 2),
            }
        ),
    ]
    tags = pd.concat(frames, ignore_index=True)
    tags["genre_id"] = genres.sub_ids[tags["g"].to_numpy()].astype("int32")
    return tags[["artist_id", "genre_id", "weight"]].sort_values(
        ["artist_id", "weight"], ascending=[True, False], ignore_index=True
    )
