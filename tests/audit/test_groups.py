"""Group definitions: derived groups on known answers, unavailable groupings say why."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from recsys.audit import ATTRIBUTES, AuditConfig, AuditData, Unavailable, assign_groups, attribute
from recsys.audit._groups import _terciles, mainstreaminess


def _data(**changes: object) -> AuditData:
    items = pd.DataFrame({"item_id": [1, 2, 3, 4, 5, 6], "artist_id": [1, 2, 3, 4, 5, 6]})
    # global plays: artist 1 > 2 > 3 > 4 > 5 > 6
    rows = []
    for u, order in ((1, [6, 5, 4, 3, 2]), (2, [2, 3, 4, 5, 6]), (3, [1, 2])):
        rows += [(u, a, float(p)) for a, p in zip(order, range(len(order), 0, -1), strict=True)]
    rows += [(9, 1, 100.0), (9, 2, 60.0), (9, 3, 40.0), (9, 4, 20.0), (9, 5, 9.0), (9, 6, 2.0)]
    fields: dict[str, object] = {
        "grain": "artist",
        "items": items,
        "history": pd.DataFrame(rows, columns=["user_id", "item_id", "plays"]),
        "artist_genres": pd.DataFrame(columns=["artist_id", "genre_id", "parent_id", "weight"]),
        "users": pd.DataFrame(
            {
                "user_id": [1, 2, 3, 9],
                "country": ["BR", None, "BR", "DE"],
                "age_group": None,
                "gender": None,
            }
        ),
        "artists": pd.DataFrame(
            {
                "artist_id": [1, 2, 3, 4, 5, 6],
                "name": list("abcdef"),
                "country": None,
                "gender": ["female", None, "male", "male", "mixed", "female"],
                "debut": pd.to_datetime(
                    ["2000-07-01", "2026-03-01", None, "2025-06-01", "2010-01-01", "1999-01-01"]
                ),
            }
        ),
        "log_end": pd.Timestamp("2026-10-31"),
        "config": AuditConfig(),
    }
    fields.update(changes)
    return AuditData(**fields)  # type: ignore[arg-type]


def test_mainstreaminess_is_the_rank_correlation_with_global_plays() -> None:
    data = _data()
    rho = mainstreaminess(data.history, data.item_artist)
    # user 1 plays artists 6..2 most to least: the reverse of the global order -> -1
    # user 2 plays 2..6 in the global order -> +1; user 3 has two artists -> no value
    assert rho.loc[1] == pytest.approx(-1.0)
    assert rho.loc[2] == pytest.approx(1.0)
    assert np.isnan(rho.loc[3])
    assert rho.loc[9] == pytest.approx(1.0)


def test_terciles_split_in_equal_thirds_by_value() -> None:
    values = pd.Series([5.0, 1.0, np.nan, 3.0, 2.0, 4.0, 6.0], index=range(7))
    got = _terciles(values, ("low", "mid", "high"))
    assert got.dropna().to_dict() == {1: "low", 4: "low", 3: "mid", 5: "mid", 0: "high", 6: "high"}
    assert np.isnan(got.loc[2])


def test_declared_attributes_fill_unknown_and_missing_ones_say_why() -> None:
    groups, missing = assign_groups(_data(), "listener")
    assert groups["listener_country"].to_dict() == {1: "BR", 2: "unknown", 3: "BR", 9: "DE"}
    assert "users.age_group is empty" in missing["listener_age_group"]
    assert "users.gender is empty" in missing["listener_gender"]
    assert set(groups) == {"listener_mainstreaminess", "listener_activity", "listener_country"}
    # plays: user 3: 3, users 1 and 2: 15 (ties by id), user 9: 231
    assert groups["listener_activity"].to_dict() == {
        3: "light",
        1: "light",
        2: "medium",
        9: "heavy",
    }


def test_artist_groups_new_artists_and_tiers() -> None:
    groups, missing = assign_groups(_data(), "artist")
    assert "artists.country is empty" in missing["artist_country"]
    new = groups["artist_new"]
    # debut within 365 days of 2026-10-31: 2026-03-01 (artist 2) only; artist 3 has no debut
    assert new.to_dict() == {
        1: "established",
        2: "new",
        3: "unknown",
        4: "established",
        5: "established",
        6: "established",
    }
    assert groups["artist_gender"].loc[2] == "unknown"
    assert set(groups["artist_popularity"]) <= {"head", "mid", "tail"}
    _, missing = assign_groups(_data(log_end=None), "artist")
    assert "no timestamps" in missing["artist_new"]


def test_every_attribute_is_registered_once_with_its_source() -> None:
    keys = [a.key for a in ATTRIBUTES]
    assert len(keys) == len(set(keys))
    assert {a.source for a in ATTRIBUTES} <= {"declared", "derived", "inferred"}
    assert attribute("artist_gender").side == "artist"
    with pytest.raises(KeyError, match="no group attribute"):
        attribute("artist_shoe_size")
    with pytest.raises(Unavailable):
        attribute("listener_age_group").assign(_data())


def test_inferred_attributes_are_groupings_of_their_own_and_can_be_left_out() -> None:
    inferred = pd.DataFrame(
        {
            "artist_id": [1, 2, 2, 6],
            "attribute": ["gender", "gender", "country", "gender"],
            "value": ["female", "male", "GB", "female"],
        }
    )
    groups, missing = assign_groups(_data(inferred=inferred), "artist")
    gender = groups["artist_gender_inferred"]
    assert gender.to_dict() == {1: "female", 2: "male", 3: "unknown", 4: "unknown",
                                5: "unknown", 6: "female"}  # fmt: skip
    assert groups["artist_country_inferred"].loc[2] == "GB"
    # the declared grouping is untouched: artist 2 declares nothing, 3 declares male
    assert groups["artist_gender"].loc[2] == "unknown" and groups["artist_gender"].loc[3] == "male"
    assert attribute("artist_gender_inferred").source == "inferred"
    left_out, missing = assign_groups(
        _data(inferred=inferred, config=AuditConfig(include_inferred=False)), "artist"
    )
    assert not {"artist_gender_inferred", "artist_country_inferred"} & set(left_out)
    assert not {"artist_gender_inferred", "artist_country_inferred"} & set(missing)


def test_without_inferred_rows_the_audit_says_why_the_grouping_is_missing() -> None:
    _, missing = assign_groups(_data(), "artist")
    assert "tags state a lead-voice gender" in missing["artist_gender_inferred"]
    assert "tags state a country" in missing["artist_country_inferred"]
