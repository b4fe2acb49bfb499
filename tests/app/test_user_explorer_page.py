"""Recommend › User explorer in AppTest: a deep link opens a listener and survives reruns,
picking a recommendation changes the reasons and the waterfall, listeners can be picked from
a cohort, and why-not and what-if answer what the library answers."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from recsys import warehouse
from recsys.explain import explain_top, load_listener, load_ranker, resolve_run, what_if

APP = Path(__file__).resolve().parents[2] / "app.py"
PAGE = "app_pages/user_explorer.py"
USER = 7

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def built(built_tiny_warehouse: Path) -> Path:
    """The session's built tiny (read only)."""
    return built_tiny_warehouse


@pytest.fixture(scope="module")
def con(built: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    connection = warehouse.open_readonly(built)
    yield connection
    connection.close()


def _ok(at: AppTest) -> AppTest:
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    return at


def open_page(path: Path, monkeypatch: pytest.MonkeyPatch, user: int | None = USER) -> AppTest:
    monkeypatch.setenv("SOUNDCHECK_WAREHOUSE", str(path))
    at = AppTest.from_file(str(APP), default_timeout=120)
    if user is not None:
        at.query_params["user"] = str(user)
    at.run()
    return at.switch_page(PAGE).run()


def selectbox(at: AppTest, label: str) -> Any:
    (box,) = [s for s in at.selectbox if s.label == label]
    return box


def section(at: AppTest, name: str) -> AppTest:
    """Open one of the "Explore further" sections."""
    (control,) = [c for c in at.segmented_control if c.label == "Explore further"]
    return control.set_value(name).run()


def bullets(at: AppTest, header: str) -> list[str]:
    """The bullet lines under a bold header (the reasons, or what held the item back)."""
    texts = [m.value for m in at.markdown]
    start = texts.index(f"**{header}**") + 1
    out = []
    for text in texts[start:]:
        if not text.startswith("- "):
            break
        out.append(text[2:].replace("\\", ""))
    return out


def chart(at: AppTest, title_start: str) -> dict[str, Any]:
    specs = [json.loads(c.proto.bytes)["figure"] for c in at.main.get("bidi_component")]
    (spec,) = [s for s in specs if s["layout"]["title"]["text"].startswith(title_start)]
    return spec


def test_a_deep_link_opens_that_listener_and_survives_a_rerun(
    built: Path, con: duckdb.DuckDBPyConnection, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _ok(open_page(built, monkeypatch))
    assert at.subheader[0].value == f"Listener {USER}"
    assert at.number_input[0].value == USER
    assert at.query_params["user"] == str(USER)
    info = resolve_run(con)
    cohort = load_listener(con, info, USER).cohort
    shown = {m.label: m.value for m in at.metric}
    assert shown["Country"] == str(cohort["country"] or "unknown")
    assert shown["Activity"] == cohort["activity_tier"]
    at = _ok(at.run())  # a rerun keeps the listener
    assert at.subheader[0].value == f"Listener {USER}"
    at = _ok(at.number_input[0].set_value(12).run())
    assert at.subheader[0].value == "Listener 12"
    assert at.query_params["user"] == "12"
    at.query_params["user"] = "15"  # a link to another listener, in the same session
    at = _ok(at.run())
    assert at.subheader[0].value == "Listener 15"
    assert at.number_input[0].value == 15


def test_picking_another_recommendation_changes_the_reasons_and_the_waterfall(
    built: Path, con: duckdb.DuckDBPyConnection, monkeypatch: pytest.MonkeyPatch
) -> None:
    info = resolve_run(con)
    expected = explain_top(con, load_listener(con, info, USER), load_ranker(info), 10)
    ids = expected.items["item_id"].tolist()
    at = _ok(open_page(built, monkeypatch))
    first = bullets(at, "Why it is here")
    assert first == [r.text for r in expected.reasons[ids[0]]]
    assert bullets(at, "What held it back") == [r.text for r in expected.held_back[ids[0]]]
    before = chart(at, "How the score adds up")["data"][0]
    texts = [[r.text for r in expected.reasons[i]] for i in ids]
    other = next(k for k, t in enumerate(texts) if t != texts[0])  # one whose reasons differ
    at = _ok(selectbox(at, "Recommendation to explain").select_index(other).run())
    shown = bullets(at, "Why it is here")
    assert shown == texts[other] != first
    after = chart(at, "How the score adds up")["data"][0]
    assert after["x"][-1] == pytest.approx(expected.items["score"].iloc[other], abs=1e-9)
    assert before["x"][-1] == pytest.approx(expected.items["score"].iloc[0], abs=1e-9)
    groups = {"base value", "score", "taste", "popularity", "familiarity", "freshness"}
    assert set(after["y"]) <= groups | {"context", "candidate generators"}
    at = _ok(at.toggle[0].set_value(False).run())  # features, not groups
    features = chart(at, "How the score adds up")["data"][0]["y"]
    assert set(features[1:-1]) & set(info.features)


def test_a_listener_can_be_picked_from_a_cohort(
    built: Path, con: duckdb.DuckDBPyConnection, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = _ok(open_page(built, monkeypatch))
    (find,) = [c for c in at.segmented_control if c.label == "Find a listener"]
    at = _ok(find.set_value("From a cohort").run())
    at = _ok(selectbox(at, "Cohort").set_value("mainstream_group").run())
    at = _ok(selectbox(at, "Mainstreaminess").set_value("niche").run())
    listener = selectbox(at, "Listener").value
    niche = con.execute(
        "SELECT user_id FROM explain_users WHERE mainstream_group = 'niche' ORDER BY plays DESC, "
        "user_id"
    ).df()["user_id"]
    assert listener in set(niche)
    assert at.subheader[0].value == f"Listener {listener}"
    assert at.query_params["user"] == str(listener)


def test_why_not_a_lower_candidate_shows_its_rank_and_the_comparison(
    built: Path, con: duckdb.DuckDBPyConnection, monkeypatch: pytest.MonkeyPatch
) -> None:
    info = resolve_run(con)
    listener = load_listener(con, info, USER)
    low = listener.candidates.iloc[40]
    title = con.execute(
        "SELECT title FROM tracks WHERE track_id = $t", {"t": int(low["item_id"])}
    ).fetchall()[0][0]
    at = _ok(open_page(built, monkeypatch))
    at = _ok(section(at, "Why not…"))
    at = _ok(at.text_input[0].set_value(title).run())
    match = selectbox(at, "Match")
    position = [o.startswith(f"{title} — ") for o in match.options].index(True)
    at = _ok(match.select_index(position).run())
    messages = [i.value.replace("\\", "") for i in at.info]
    assert any(f"ranked #{int(low['rank'])} of {len(listener.candidates)}" in m for m in messages)
    assert chart(at, "Why #10 (last shown)")


def test_what_if_shows_the_new_score_and_rank(
    built: Path, con: duckdb.DuckDBPyConnection, monkeypatch: pytest.MonkeyPatch
) -> None:
    info = resolve_run(con)
    listener = load_listener(con, info, USER)
    item = int(listener.candidates["item_id"].iloc[0])
    at = _ok(open_page(built, monkeypatch))
    assert not [s for s in at.selectbox if s.label == "Feature"]  # only one section at a time
    at = _ok(section(at, "What if…"))
    assert selectbox(at, "Feature").value == "item_plays_recent"
    (preset,) = [r for r in at.radio if r.label == "Set it to"]
    at = _ok(preset.set_value("99th percentile").run())
    stats = con.execute(
        "SELECT p99 FROM explain_feature_stats WHERE feature = 'item_plays_recent'"
    ).fetchall()[0][0]
    expected = what_if(listener, load_ranker(info), item, "item_plays_recent", stats)
    shown = {m.label: m.value for m in at.metric}
    assert shown["Rank"] == f"#{expected.new_rank}"
    assert shown["Score"] == f"{expected.new_score:.3f}"


def test_without_a_run_the_page_says_what_to_do_and_an_unknown_listener_is_an_error(
    tiny_warehouse: Path, built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    at = open_page(tiny_warehouse, monkeypatch)
    assert not at.exception
    assert any("No run with explanations yet" in i.value for i in at.info)
    at = open_page(built, monkeypatch, user=999_999)
    assert not at.exception
    errors = [e.value.replace("\\", "") for e in at.error]
    assert any("listener 999999 has no recommendations" in e for e in errors)
