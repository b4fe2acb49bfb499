"""The suite on hand-made data: groupings the data cannot form are named with the reason, not
drawn empty; lists not made for the test window get no accuracy figures, and a note says why."""

from __future__ import annotations

import pandas as pd
from test_groups import _data

import recsys.audit as audit
from recsys.audit import AuditConfig, audit_lists

CONFIG = AuditConfig(min_group_size=1, n_boot=20)


def _lists() -> pd.DataFrame:
    rows = [(u, i, r + 1) for u in (1, 2, 3, 9) for r, i in enumerate((1, 2, 3))]
    return pd.DataFrame(rows, columns=["user_id", "item_id", "rank"])


def test_missing_attributes_are_named_with_the_reason() -> None:
    result = audit_lists(_data(config=CONFIG), _lists())
    notes = result.notes.set_index("group_attribute")["message"]
    assert "users.age_group is empty" in notes["listener_age_group"]
    assert "users.gender is empty" in notes["listener_gender"]
    assert "artists.country is empty" in notes["artist_country"]
    attributes = set(result.figures["group_attribute"])
    assert not attributes & {"listener_age_group", "listener_gender", "artist_country"}
    assert {"listener_country", "artist_gender", "artist_popularity"} <= attributes


def test_accuracy_needs_lists_made_for_the_test_window() -> None:
    data = _data(config=CONFIG)
    without = audit_lists(data, _lists())
    assert "ndcg@10" not in set(without.figures["metric"])
    assert without.notes["message"].str.contains("not made for the test window").any()
    truth = pd.DataFrame({"user_id": [1, 2, 9], "item_id": [2, 3, 1]})
    within = audit_lists(data, _lists(), test=audit.TestWindow(data, _lists(), truth))
    ndcg = within.figures.loc[within.figures["metric"] == "ndcg@10"]
    assert len(ndcg) and set(ndcg["verdict"]) <= {"pass", "fail", "inconclusive", "suppressed"}
