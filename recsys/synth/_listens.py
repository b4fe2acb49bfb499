"""The listening log: sessions with a daily rhythm, a biased logging policy, repeats and skips.

Each play is either *fresh* (sub-genre from the user's taste, possibly overlaid by an emerging
sub-genre; artist from the head or tail policy by the user's mainstreaminess, times the planted
exposure factor; track from the artist's released tracks, favouring new releases) or a *repeat*
of something the user played before (the same track, or a new track by the same artist).
Everything is vectorised over all plays of a chunk of users.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import pyarrow as pa

from recsys.synth._catalog import TAIL_EXPONENT, Catalog
from recsys.synth._config import SynthConfig
from recsys.synth._sampling import resolve_roots, rowwise_choice, segment_choice, segment_mass
from recsys.synth._taxonomy import COUNTRIES, DIURNAL
from recsys.synth._users import Population

__all__ = ["RECENCY_FLOOR", "RECENCY_TAU_DAYS", "Policy", "emerging_share", "make_listens"]

RECENCY_TAU_DAYS = 45.0
"""A new release's extra pull decays with this time constant (days)."""
RECENCY_FLOOR = 0.25
"""Weight of a track's appeal that does not decay with its age."""
TRACK_REPEAT_SHARE = 0.55
"""Of the plays that go back to something known, the share that replays the same track."""
SESSION_LENGTH = 10.0
"""Mean plays per session."""
EMERGING_PEAK = {"focus": 0.35, "other": 0.03}
"""Share of fresh plays taken by emerging sub-genres at the end of the log."""
EMERGING_STEEPNESS = 3.0
_KEY = 1e6  # segment key stride: group * _KEY + day + _DAY0
_DAY0 = 1e5


@dataclass(frozen=True)
class Policy:
    """Precomputed cumulative weights for drawing artists and tracks at any moment."""

    artist_order: np.ndarray  # artist indices sorted by (genre, debut)
    artist_key: np.ndarray
    genre_start: np.ndarray
    cum_head: np.ndarray
    cum_tail: np.ndarray
    all_order: np.ndarray  # artist indices sorted by debut (fallback when a genre is empty)
    all_debut: np.ndarray
    cum_all: np.ndarray
    track_order: np.ndarray  # track indices sorted by (artist, release)
    track_key: np.ndarray
    artist_track_start: np.ndarray
    cum_recent: np.ndarray
    cum_floor: np.ndarray


def build_policy(config: SynthConfig, cat: Catalog) -> Policy:
    """Sort the catalogue into segments and accumulate the logging policy's weights."""
    g, debut = cat.artist_genre, cat.artist_debut
    order = np.lexsort((debut, g))
    head = cat.artist_appeal * cat.artist_exposure
    tail = cat.artist_appeal**TAIL_EXPONENT * cat.artist_exposure
    n_genres = len(cat.genres.sub_ids)
    all_order = np.argsort(debut, kind="stable")
    t_order = np.lexsort((cat.track_release, cat.track_artist))
    rel = cat.track_release[t_order]
    appeal = cat.track_appeal[t_order]
    return Policy(
        artist_order=order,
        artist_key=g[order] * _KEY + debut[order] + _DAY0,
        genre_start=np.searchsorted(g[order], np.arange(n_genres + 1)),
        cum_head=np.cumsum(head[order]),
        cum_tail=np.cumsum(tail[order]),
        all_order=all_order,
        all_debut=debut[all_order],
        cum_all=np.cumsum(head[all_order]),
        track_order=t_order,
        track_key=cat.track_artist[t_order] * _KEY + rel + _DAY0,
        artist_track_start=np.searchsorted(cat.track_artist[t_order], np.arange(len(g) + 1)),
        cum_recent=np.cumsum(
            appeal * np.exp(np.minimum(rel - config.days, 0.0) / RECENCY_TAU_DAYS)
        ),
        cum_floor=np.cumsum(appeal * RECENCY_FLOOR),
    )


def emerging_share(config: SynthConfig, day: np.ndarray, focus: np.ndarray) -> np.ndarray:
    """Planted share of fresh plays going to emerging sub-genres at ``day`` (0 without plant)."""
    if not config.plants.emerging:
        return np.zeros(np.shape(day))
    t0 = config.days - config.plants.emerging_days
    x = np.clip((day - t0) / config.plants.emerging_days, 0.0, 1.0)
    growth = np.expm1(EMERGING_STEEPNESS * x) / np.expm1(EMERGING_STEEPNESS)
    return np.where(focus, EMERGING_PEAK["focus"], EMERGING_PEAK["other"]) * growth


def _sessions(
    config: SynthConfig, pop: Population, users: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Plays of each user ordered in time: (user of each play, session start day)."""
    n_plays = pop.n_listens[users]
    span = config.days - pop.active_from[users]
    slots_per_day = np.where(n_plays / SESSION_LENGTH > span, 4, 1)
    n_slots = np.maximum(1, np.floor(span * slots_per_day)).astype(np.int64)
    n_sess = np.clip(np.round(n_plays / SESSION_LENGTH), 1, n_slots).astype(np.int64)
    # stratified slots: distinct, ordered, jittered
    s_user = np.repeat(np.arange(len(users)), n_sess)
    s_first = np.concatenate([[0], np.cumsum(n_sess)[:-1]])
    k = np.arange(len(s_user)) - s_first[s_user]
    slot = np.floor((k + rng.random(len(s_user))) * n_slots[s_user] / n_sess[s_user])
    per_day = slots_per_day[s_user]
    day = pop.active_from[users][s_user] + np.floor(slot / per_day)
    block = (slot % per_day).astype(np.int64)
    hour_w = np.array(DIURNAL)
    blocks = np.array([hour_w, *[np.where(np.arange(24) // 6 == b, hour_w, 0) for b in range(4)]])
    hour = rowwise_choice(blocks, np.where(per_day == 1, 0, block + 1), rng.random(len(s_user)))
    local = day + (hour + rng.random(len(s_user))) / 24.0
    start = local - pop.utc_offset[users][s_user] / 24.0
    # plays fall into the user's sessions at random; sessions are already in time order
    p_user = np.repeat(np.arange(len(users)), n_plays)
    p_first = np.concatenate([[0], np.cumsum(n_plays)[:-1]])
    pos = np.arange(len(p_user)) - p_first[p_user]
    sess = s_first[p_user] + np.floor(
        pos * n_sess[p_user] / n_plays[p_user] + 0.5 * rng.random(len(p_user))
    )
    sess = np.minimum(sess.astype(np.int64), s_first[p_user] + n_sess[p_user] - 1)
    # jitter may swap neighbours; user blocks are disjoint ranges, so a global sort keeps them
    return p_user, start[np.sort(sess)]


def _fresh_artists(
    config: SynthConfig,
    cat: Catalog,
    pop: Population,
    pol: Policy,
    users: np.ndarray,
    day: np.ndarray,
    rng: np.random.Generator,
) -> np.ndarray:
    """Artist index of each fresh play, drawn from the (biased) logging policy at its time."""
    n = len(users)
    genre = rowwise_choice(pop.taste, users, rng.random(n))
    focus = np.array(list(COUNTRIES))[pop.country_idx[users]] == config.plants.emerging_country
    emerging = np.flatnonzero(cat.genres.emerging)
    switch = rng.random(n) < emerging_share(config, day, focus)
    if switch.any():
        w = cat.genres.popularity[emerging]
        genre[switch] = emerging[rng.choice(len(emerging), size=int(switch.sum()), p=w / w.sum())]
    start = pol.genre_start[genre]
    stop = np.searchsorted(pol.artist_key, genre * _KEY + day + _DAY0, side="right")
    tail = rng.random(n) >= pop.mainstreaminess[users]
    empty_switch = switch & (stop <= start)
    if empty_switch.any():  # an emerging genre with no artist out yet: keep the taste draw
        genre[empty_switch] = rowwise_choice(
            pop.taste, users[empty_switch], rng.random(int(empty_switch.sum()))
        )
        start[empty_switch] = pol.genre_start[genre[empty_switch]]
        stop[empty_switch] = np.searchsorted(
            pol.artist_key, genre[empty_switch] * _KEY + day[empty_switch] + _DAY0, side="right"
        )
    ok = stop > start
    u = rng.random(n)
    pos = np.zeros(n, dtype=np.int64)
    h, t = ok & ~tail, ok & tail
    pos[h] = segment_choice(pol.cum_head, start[h], stop[h], u[h])
    pos[t] = segment_choice(pol.cum_tail, start[t], stop[t], u[t])
    artist = pol.artist_order[pos]
    if (~ok).any():  # nobody in the genre has released yet: any released artist
        stop_all = np.maximum(np.searchsorted(pol.all_debut, day[~ok], side="right"), 1)
        idx = segment_choice(pol.cum_all, np.zeros_like(stop_all), stop_all, u[~ok])
        artist[~ok] = pol.all_order[idx]
    return artist


def _tracks_of(
    config: SynthConfig, pol: Policy, artist: np.ndarray, day: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """A released track of each artist, new releases favoured (appeal x (floor + e^-age/tau)).

    Queries are answered in key order: ``searchsorted`` over the large track arrays is several
    times faster on sorted queries (cache locality) than the sort costs.
    """
    key = artist * _KEY + day + _DAY0
    order = np.argsort(key)
    artist, day, key = artist[order], day[order], key[order]
    start = pol.artist_track_start[artist]
    stop = np.maximum(np.searchsorted(pol.track_key, key, side="right"), start + 1)
    recent = segment_mass(pol.cum_recent, start, stop) * np.exp(
        (config.days - day) / RECENCY_TAU_DAYS
    )
    floor = segment_mass(pol.cum_floor, start, stop)
    use_recent = rng.random(len(artist)) * (recent + floor) < recent
    u = rng.random(len(artist))
    pos = np.empty(len(artist), dtype=np.int64)
    pos[use_recent] = segment_choice(
        pol.cum_recent, start[use_recent], stop[use_recent], u[use_recent]
    )
    pos[~use_recent] = segment_choice(
        pol.cum_floor, start[~use_recent], stop[~use_recent], u[~use_recent]
    )
    track = np.empty(len(artist), dtype=np.int64)
    track[order] = pol.track_order[pos]
    return track


def make_listens(
    config: SynthConfig,
    cat: Catalog,
    pop: Population,
    pol: Policy,
    users: np.ndarray,
    rng: np.random.Generator,
) -> pa.Table:
    """All plays of ``users`` (user indices) as an Arrow table in the ``listens`` layout."""
    p_user, day = _sessions(config, pop, users, rng)
    n = len(p_user)
    first = np.concatenate([[0], np.flatnonzero(np.diff(p_user)) + 1])
    block = np.zeros(n, dtype=np.int64)
    block[first] = first
    block = np.maximum.accumulate(block)  # index of the user's first play
    pos = np.arange(n) - block
    g_user = users[p_user]
    # repeat structure: parent pointers to an earlier play of the same user (recent ones likelier)
    repeat = (pos > 0) & (rng.random(n) < pop.repeat[g_user])
    same_track = repeat & (rng.random(n) < TRACK_REPEAT_SHARE)
    back = np.maximum(1, np.ceil(pos * rng.random(n) ** 2)).astype(np.int64)
    idx = np.arange(n)
    parent = np.where(repeat, idx - np.minimum(back, pos), idx)
    artist_root = resolve_roots(parent)
    fresh = ~repeat
    artist = np.empty(n, dtype=np.int64)
    artist[fresh] = _fresh_artists(config, cat, pop, pol, g_user[fresh], day[fresh], rng)
    artist = artist[artist_root]
    # tracks: drawn for fresh plays and artist repeats, copied along same-track chains
    track_parent = np.where(same_track, parent, idx)
    drawn = ~same_track
    track = np.empty(n, dtype=np.int64)
    track[drawn] = _tracks_of(config, pol, artist[drawn], day[drawn], rng)
    track = track[resolve_roots(track_parent)]
    # skips: likelier off-taste and on fresh plays; a skip is a short play
    genre = cat.artist_genre[artist]
    taste = np.where(
        cat.genres.emerging[genre], 1.0, pop.taste[g_user, genre] * len(cat.genres.sub_ids)
    )
    match = np.clip(np.log(np.maximum(taste, 1e-3)), -4.0, 2.0)
    logit = -1.0 - 0.8 * match + 0.6 * fresh - 0.25 * np.log(cat.track_appeal[track])
    skipped = rng.random(n) < 1.0 / (1.0 + np.exp(-logit))
    dur = np.round(cat.track_minutes[track] * 60_000).astype(np.int64)
    partial = rng.random(n) < 0.12
    ms = np.where(
        skipped,
        np.minimum(rng.integers(2_000, 30_000, n), dur),
        np.where(partial, (dur * rng.uniform(0.3, 1.0, n)).astype(np.int64), dur),
    )
    # time: consecutive within a session, starting at the session's start
    gap_ms = ms + rng.exponential(4_000.0, n).astype(np.int64)
    new_session = np.r_[True, (np.diff(day) != 0) | (np.diff(p_user) != 0)]
    cum = np.cumsum(gap_ms) - gap_ms
    session_base = np.maximum.accumulate(np.where(new_session, cum, 0))
    start_us = np.datetime64(pd.Timestamp(config.start).to_datetime64(), "us").astype(np.int64)
    ts = start_us + np.round(day * 86_400e6).astype(np.int64) + (cum - session_base) * 1_000
    end_us = start_us + int(config.days * 86_400e6)
    keep = (ts >= start_us) & (ts < end_us)  # time zones push a few plays past either edge
    return pa.table(
        {
            "user_id": pa.array(g_user[keep] + 1, pa.int32()),
            "track_id": pa.array(track[keep] + 1, pa.int32()),
            "ts": pa.array(ts[keep], pa.timestamp("us")),
            "ms_played": pa.array(ms[keep], pa.int32()),
            "skipped": pa.array(skipped[keep]),
            "source": pa.DictionaryArray.from_arrays(
                pa.array(np.zeros(int(keep.sum()), dtype=np.int32)),
                pa.array([f"synthetic:{config.preset}"]),
            ),
        }
    )
