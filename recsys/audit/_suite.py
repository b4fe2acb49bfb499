"""The audit suite: every figure of one set of recommendation lists.

Figures of the lists as served (popularity, catalogue, beyond accuracy, calibration, provider
exposure) are computed against the whole listening history; accuracy by listener group,
serendipity and PopREO need lists made for the test window and are computed against the test
truth and the history before the window (:class:`TestWindow`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from recsys.audit import _beyond as beyond
from recsys.audit import _popularity as pop
from recsys.audit._bootstrap import (
    FIGURE_COLUMNS,
    UNKNOWN,
    best_group_figures,
    ratio_figures,
    summary_figure,
)
from recsys.audit._calibration import genre_mix, miscalibration
from recsys.audit._data import AuditData
from recsys.audit._exposure import exposure_matrix, provider_figures
from recsys.audit._groups import assign_groups
from recsys.evaluation import evaluate, headline_keys
from recsys.schema import Columns

__all__ = ["AuditResult", "TestWindow", "audit_lists"]

_U, _I = Columns.user_id, Columns.item_id

NOTE_COLUMNS: tuple[str, ...] = ("side", "group_attribute", "message")
"""Columns of an audit's notes."""


@dataclass(frozen=True)
class TestWindow:
    """Lists made for the test window, with what they are judged against.

    Attributes:
        data: the warehouse as it was before the test window (history before it).
        lists: ``user_id, item_id, rank`` made with that history only.
        truth: the test window's relevant pairs ``user_id, item_id[, weight]``.
    """

    data: AuditData
    lists: pd.DataFrame
    truth: pd.DataFrame


@dataclass(frozen=True)
class AuditResult:
    """Every figure of one set of lists, and what could not be figured.

    Attributes:
        figures: one row per figure (:data:`~recsys.audit._bootstrap.FIGURE_COLUMNS`).
        notes: ``side, group_attribute, message``: groupings that could not be formed,
            suppressed groups, figures left out and why.
    """

    figures: pd.DataFrame
    notes: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=NOTE_COLUMNS))


def audit_lists(
    data: AuditData,
    served: pd.DataFrame,
    *,
    oracle: pd.DataFrame | None = None,
    test: TestWindow | None = None,
) -> AuditResult:
    """Compute the whole suite for one set of lists.

    Args:
        data: the warehouse (whole history) the served lists were made from.
        served: ``user_id, item_id, rank``: the lists listeners see.
        oracle: the lists the true preference would give (synthetic data), for the oracle
            reference of provider exposure.
        test: lists made for the test window; without it, accuracy by group, serendipity and
            PopREO are left out, with a note.
    """
    cfg = data.config
    lists = pop.cut(served, cfg.k)
    notes: list[tuple[str, str, str]] = []
    frames = [_popularity(data, lists, notes), _catalogue(data, lists, notes)]
    frames.append(_provider(data, lists, oracle, notes))
    if test is None:
        notes.append(
            (
                "listener",
                "all",
                "accuracy by group, serendipity and PopREO are left out: these lists were not "
                "made for the test window, so there is nothing to judge them against",
            )
        )
    else:
        frames.append(_test_window(test, notes))
    figures = pd.concat([f for f in frames if len(f)], ignore_index=True)
    return AuditResult(
        figures[list(FIGURE_COLUMNS)], pd.DataFrame(notes, columns=list(NOTE_COLUMNS))
    )


def _listener_groups(data: AuditData, notes: list[tuple[str, str, str]]) -> dict[str, pd.Series]:
    groups, missing = assign_groups(data, "listener")
    notes.extend(("listener", key, f"not formed: {why}") for key, why in missing.items())
    return groups


def _note_suppressed(
    figures: pd.DataFrame,
    side: str,
    who: str,
    notes: list[tuple[str, str, str]],
    where: str = "",
) -> None:
    """One note per grouping with suppressed groups: how many groups, never their sizes."""
    sup = figures.loc[figures["verdict"] == "suppressed"]
    for key, rows in sup.groupby("group_attribute", sort=True):
        n_sup = rows["group"].nunique()
        total = figures.loc[figures["group_attribute"] == key, "group"].nunique()
        message = f"{n_sup} of {total} groups{where} have fewer than {who} and are suppressed"
        if (side, str(key), message) not in notes:
            notes.append((side, str(key), message))


def _popularity(
    data: AuditData, lists: pd.DataFrame, notes: list[tuple[str, str, str]]
) -> pd.DataFrame:
    cfg = data.config
    reco = pop.arp(lists, data.popularity)
    profile = pop.profile_popularity(data.history, data.popularity)
    tail_share = pop.aplt(data.history[[_U, _I]].drop_duplicates(), data.tail)
    length = lists.groupby(_U).size().astype(np.float64)
    frames = [
        ratio_figures(reco, profile, None, metric="arp", attribute="all", config=cfg),
        ratio_figures(
            pop.aplt(lists, data.tail), tail_share, None, metric="aplt", attribute="all", config=cfg
        ),
        ratio_figures(
            pop.aclt(lists, data.tail),
            (tail_share * length).dropna(),
            None,
            metric="aclt",
            attribute="all",
            config=cfg,
        ),
    ]
    mis = _miscalibration(data, lists)
    for key, groups in _listener_groups(data, notes).items():
        lift = ratio_figures(
            reco, profile, groups, metric="popularity_lift", attribute=key, config=cfg, lift=True
        )
        cal = best_group_figures(
            mis, groups, metric="miscalibration", attribute=key, config=cfg, higher_is_better=False
        )
        frames += [lift, cal]
    out = pd.concat(frames, ignore_index=True)
    _note_suppressed(out, "listener", f"{cfg.min_group_size} listeners", notes)
    return out


def _miscalibration(data: AuditData, lists: pd.DataFrame) -> pd.Series:
    hist = genre_mix(data.history, data.item_parents, weight="plays")
    mix = genre_mix(lists, data.item_parents)
    return miscalibration(hist, mix, data.config.calibration_alpha)


def _catalogue(
    data: AuditData, lists: pd.DataFrame, notes: list[tuple[str, str, str]]
) -> pd.DataFrame:
    cfg = data.config
    items = data.item_index
    n_users = len(data.listeners)
    rows = [
        summary_figure("coverage", beyond.coverage(lists, items), cfg),
        summary_figure("gini", beyond.exposure_gini(lists, items), cfg),
        summary_figure("entropy", beyond.exposure_entropy(lists, items), cfg),
        summary_figure("novelty", np.nan, cfg, beyond.novelty(lists, data.popularity, n_users)),
        summary_figure("ild", np.nan, cfg, beyond.intra_list_diversity(lists, data.item_genres)),
        summary_figure("personalisation", beyond.personalisation(lists, cfg.k), cfg),
        summary_figure(
            "off_taste", np.nan, cfg, beyond.off_taste_share(lists, data.history, data.item_genres)
        ),
        summary_figure("miscalibration", np.nan, cfg, _miscalibration(data, lists)),
        summary_figure(
            "pop_rsp",
            pop.pop_rsp(lists, data.history, data.tail.map({True: "tail", False: "head"})),
            cfg,
        ),
    ]
    if data.item_genres.empty:
        notes.append(("catalogue", "all", "no artist has a genre: ILD and off-taste are empty"))
    return pd.concat(rows, ignore_index=True)


def _provider(
    data: AuditData,
    lists: pd.DataFrame,
    oracle: pd.DataFrame | None,
    notes: list[tuple[str, str, str]],
) -> pd.DataFrame:
    cfg = data.config
    users, artists = data.listeners, data.artist_ids
    exposure = exposure_matrix(lists, data.item_artist, users, artists)
    item_codes = np.searchsorted(artists, data.item_artist.to_numpy())
    refs: dict[str, object] = {
        "catalogue": np.bincount(item_codes, minlength=len(artists)).astype(np.float64),
        "listening": exposure_matrix(data.history, data.item_artist, users, artists, "plays"),
    }
    if oracle is not None and len(oracle):
        refs["oracle"] = exposure_matrix(pop.cut(oracle, cfg.k), data.item_artist, users, artists)
    else:
        notes.append(
            ("artist", "all", "no oracle reference: the data has no planted true preference")
        )
    groups, missing = assign_groups(data, "artist")
    notes.extend(("artist", key, f"not formed: {why}") for key, why in missing.items())
    groupings = {}
    for key, g in groups.items():
        codes, names = pd.factorize(g.reindex(artists).fillna(UNKNOWN), sort=True)
        groupings[key] = (codes, [str(n) for n in names])
    out = (
        provider_figures(exposure, refs, groupings, config=cfg)
        if groupings
        else pd.DataFrame(columns=FIGURE_COLUMNS)
    )
    _note_suppressed(out, "artist", f"{cfg.min_group_size} artists", notes)
    return out


def _test_window(test: TestWindow, notes: list[tuple[str, str, str]]) -> pd.DataFrame:
    data = test.data
    cfg = data.config
    truth_users = test.truth[_U].unique()
    lists = test.lists.loc[test.lists[_U].isin(truth_users)]
    if lists.empty:
        notes.append(("listener", "all", "the lists hold none of the test window's listeners"))
        return pd.DataFrame(columns=FIGURE_COLUMNS)
    _, per_user = evaluate({"lists": lists}, test.truth, ks=(10, 50))
    per_user = per_user.set_index(_U)
    frames = [
        best_group_figures(per_user[list(headline_keys())], groups, attribute=key, config=cfg)
        for key, groups in _listener_groups(data, []).items()
    ]
    top = pop.cut(lists, cfg.k)
    expected = _most_popular_unplayed(data, top[_U].unique(), cfg.k)
    frames.append(
        summary_figure("serendipity", np.nan, cfg, beyond.serendipity(top, test.truth, expected))
    )
    tail = data.tail.map({True: "tail", False: "head"})
    frames.append(summary_figure("pop_reo", pop.pop_reo(top, test.truth, tail), cfg))
    out = pd.concat(frames, ignore_index=True)
    where = " of the test window's listeners"
    _note_suppressed(out, "listener", f"{cfg.min_group_size} listeners", notes, where)
    return out


def _most_popular_unplayed(data: AuditData, users: np.ndarray, k: int) -> pd.DataFrame:
    """Each user's ``k`` most popular items they had not played: the primitive recommender."""
    played = data.history.loc[data.history[_U].isin(users), [_U, _I]].assign(_seen=True)
    ranked = data.popularity.sort_index().sort_values(ascending=False, kind="stable").index
    n_top = 4 * k
    while True:
        top = ranked[:n_top].to_numpy()
        cand = pd.DataFrame({_U: np.repeat(users, len(top)), _I: np.tile(top, len(users))})
        cand = cand.merge(played, on=[_U, _I], how="left")
        cand = cand.loc[cand["_seen"].isna(), [_U, _I]]
        enough = cand.groupby(_U).size().reindex(users, fill_value=0) >= k
        if enough.all() or n_top >= len(ranked):
            return cand.loc[cand.groupby(_U).cumcount() < k].reset_index(drop=True)
        n_top *= 4
