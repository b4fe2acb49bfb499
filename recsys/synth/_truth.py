"""Ground-truth tables: what the generator planted, in a form tests and the oracle can read."""

from __future__ import annotations

import numpy as np
import pandas as pd

from recsys.synth._catalog import TAIL_EXPONENT, Catalog
from recsys.synth._config import SynthConfig
from recsys.synth._listens import (
    EMERGING_PEAK,
    EMERGING_STEEPNESS,
    RECENCY_FLOOR,
    RECENCY_TAU_DAYS,
    TRACK_REPEAT_SHARE,
    emerging_share,
)
from recsys.synth._taxonomy import COUNTRIES
from recsys.synth._users import Population

__all__ = ["truth_tables"]


def end_of_log_taste(config: SynthConfig, cat: Catalog, pop: Population) -> np.ndarray:
    """Each user's sub-genre preferences at the end of the log, emerging overlay included."""
    focus = np.array(list(COUNTRIES))[pop.country_idx] == config.plants.emerging_country
    share = emerging_share(config, np.full(len(focus), float(config.days)), focus)
    overlay = np.zeros(len(cat.genres.sub_ids))
    em = cat.genres.emerging
    overlay[em] = cat.genres.popularity[em] / cat.genres.popularity[em].sum()
    return (1.0 - share)[:, None] * pop.taste + share[:, None] * overlay[None, :]


def truth_tables(config: SynthConfig, cat: Catalog, pop: Population) -> dict[str, pd.DataFrame]:
    """Every ``ground_truth_*`` table as a DataFrame, keyed by table name."""
    p = config.plants
    taste = end_of_log_taste(config, cat, pop)
    uu, gg = np.nonzero(taste > 1e-6)
    start = pd.Timestamp(config.start)
    preference = pd.DataFrame(
        [
            ("genre_match", "taste", np.nan, "P(sub-genre) from ground_truth_user_taste"),
            (
                "popularity",
                "tail_exponent",
                TAIL_EXPONENT,
                "head policy weighs artists by appeal, tail policy by appeal**tail_exponent; "
                "a user follows the head with probability mainstreaminess",
            ),
            (
                "artist_familiarity",
                "repeat_mean",
                float(pop.repeat.mean()),
                "mean share of plays that return to a track or artist heard before",
            ),
            (
                "artist_familiarity",
                "track_repeat_share",
                TRACK_REPEAT_SHARE,
                "of those returns, the share that replays the same track",
            ),
            (
                "recency",
                "tau_days",
                RECENCY_TAU_DAYS,
                "a track's weight is appeal * (floor + exp(-age_days / tau_days))",
            ),
            ("recency", "floor", RECENCY_FLOOR, "weight of appeal that never decays"),
            (
                "exposure",
                "factor",
                p.exposure_factor if p.exposure_bias else 1.0,
                "logging-policy multiplier of the under-exposed artist group (not in true taste)",
            ),
        ],
        columns=["driver", "parameter", "value", "description"],
    )
    exposure = pd.DataFrame(
        {
            "attribute": ["artist_gender"] if p.exposure_bias else [],
            "group_value": [p.exposure_group] if p.exposure_bias else [],
            "factor": [p.exposure_factor] if p.exposure_bias else [],
            "description": [
                f"the logging policy plays {p.exposure_group} artists {p.exposure_factor:g}x as "
                "often as their true appeal implies"
            ]
            if p.exposure_bias
            else [],
        }
    )
    em = np.flatnonzero(cat.genres.emerging) if p.emerging else np.array([], dtype=int)
    t0 = start + pd.Timedelta(days=config.days - p.emerging_days)
    emerging = pd.DataFrame(
        {
            "genre_id": cat.genres.sub_ids[em].astype("int32"),
            "name": [cat.genres.sub_names[i] for i in em],
            "focus_country": p.emerging_country,
            "growth_start": t0,
            "peak_share_focus": EMERGING_PEAK["focus"],
            "peak_share_other": EMERGING_PEAK["other"],
            "steepness": EMERGING_STEEPNESS,
        }
    )
    return {
        "ground_truth_preference": preference,
        "ground_truth_users": pd.DataFrame(
            {
                "user_id": pop.users["user_id"],
                "segment": pop.segment,
                "mainstreaminess": pop.mainstreaminess,
                "repeat_propensity": pop.repeat,
                "planned_listens": pop.n_listens,
            }
        ),
        "ground_truth_user_taste": pd.DataFrame(
            {
                "user_id": (uu + 1).astype("int32"),
                "genre_id": cat.genres.sub_ids[gg].astype("int32"),
                "weight": taste[uu, gg],
            }
        ),
        "ground_truth_artists": pd.DataFrame(
            {
                "artist_id": cat.artists["artist_id"],
                "genre_id": cat.genres.sub_ids[cat.artist_genre].astype("int32"),
                "appeal": cat.artist_appeal,
                "exposure_factor": cat.artist_exposure,
                "first_release": start + pd.to_timedelta(cat.artist_debut, unit="D"),
            }
        ),
        "ground_truth_tracks": pd.DataFrame(
            {
                "track_id": cat.tracks["track_id"],
                "appeal": cat.track_appeal,
                "released": start + pd.to_timedelta(cat.track_release, unit="D"),
            }
        ),
        "ground_truth_exposure": exposure,
        "ground_truth_emerging": emerging,
    }
