"""Recommend › User explorer: one listener's history beside their recommendations, why each
sits where it does, why one sits above another, why not X, and what-if. Layout and calls only:
everything comes from recsys.ui.explain (stored at build time or computed once and cached)."""

from typing import Literal

import streamlit as st

from recsys.errors import SoundcheckError
from recsys.explain import COHORT_LABELS, contributions_of, genre_mix, group_label
from recsys.plots import explain as plots
from recsys.ui import charts, widgets
from recsys.ui import explain as ui
from recsys.ui.widgets import Kpi, fmt_count, fmt_number

# the feature the what-if starts on: the item's plays in the last four weeks
WHAT_IF_DEFAULT = "item_plays_recent"
# the three ways to explore further, one shown at a time
SECTIONS = ["Why A above B", "Why not…", "What if…"]
# the widget-free session key that holds the listener shown (it survives page switches), and
# the one that remembers what the page last wrote into ?user= (another value there is a link)
LISTENER = "explorer_listener"
WRITTEN = "explorer_listener_in_url"
SHAP_TEXT = (
    "The ranker's score of an item is a sum: a **base value** (its average score) plus one "
    "**contribution** per feature, computed exactly from the model's trees (SHAP values, "
    "TreeSHAP). A positive contribution pushes the item up the list, a negative one down. "
    "Reasons are built only from positive contributions, with the values behind them; what "
    "held an item back is listed separately. Grouping adds the contributions of a group's "
    "features (taste, popularity, familiarity, freshness, context, candidate generators)."
)


def main() -> None:
    """Render the page."""
    st.title("User explorer")
    run_id = ui.choose_run(stale_key="stale-explorer")
    if run_id is None:
        return
    with widgets.errors_shown("Cannot explain this listener"):
        user_id = _pick_listener(run_id)
        st.query_params["user"] = st.session_state[WRITTEN] = str(user_id)
        listener = ui.listener(run_id, user_id)
        _history(run_id, listener)
        _recommendations(run_id, user_id)


def _pick_listener(run_id: str) -> int:
    asked = st.query_params.get("user", "").strip()
    if asked.isdigit() and asked != st.session_state.get(WRITTEN):  # a link asked for someone
        st.session_state[LISTENER] = int(asked)
    elif LISTENER not in st.session_state:
        st.session_state[LISTENER] = ui.most_active_listener(run_id)
    current = int(st.session_state[LISTENER])
    how = st.segmented_control("Find a listener", ["By id", "From a cohort"], default="By id")
    if how == "From a cohort":
        cols = st.columns(3)
        dimension = cols[0].selectbox(
            "Cohort", list(COHORT_LABELS), format_func=COHORT_LABELS.__getitem__
        )
        value = cols[1].selectbox(COHORT_LABELS[dimension], ui.cohort_values(run_id, dimension))
        members = ui.cohort_members(run_id, dimension, str(value))
        ids = [int(u) for u in members["user_id"]]
        plays = dict(zip(ids, members["plays"], strict=True))
        current = cols[2].selectbox(
            "Listener",
            ids,
            index=ids.index(current) if current in ids else 0,
            format_func=lambda u: f"{u} · {fmt_count(plays[u])} plays",
            help="Most active first.",
        )
    else:
        current = int(
            st.number_input(
                "Listener id",
                min_value=0,
                value=current,
                step=1,
                help="The page's address keeps it (?user=…), so a reload opens this listener.",
            )
        )
    st.session_state[LISTENER] = current
    return current


def _history(run_id: str, listener) -> None:  # type: ignore[no-untyped-def]
    c = listener.cohort
    st.subheader(f"Listener {listener.user_id}")
    widgets.kpi_row(
        [
            Kpi("Plays", fmt_count(c.get("plays")), "Plays before the run's cutoff"),
            Kpi("Country", str(c.get("country") or "unknown")),
            Kpi("Age group", str(c.get("age_group") or "unknown")),
            Kpi("Activity", str(c.get("activity_tier")), "Tertile of plays among listeners"),
            Kpi(
                "Mainstreaminess",
                str(c.get("mainstream_group")),
                "Tertile of the average popularity of what they play",
            ),
        ]
    )
    left, middle, right = st.columns(3, gap="medium")
    with left:
        charts.plotly_chart(plots.top_artists(ui.top_artists(run_id, listener.user_id)))
    with middle:
        charts.plotly_chart(plots.genre_mix(genre_mix(listener.genres)))
    with right:
        st.caption("Top sub-genres: share of tag-weighted plays, and tracks played")
        st.dataframe(
            listener.genres.head(10)[["genre", "share", "items", "items_recent"]],
            hide_index=True,
            column_config={
                "genre": st.column_config.TextColumn("Genre"),
                "share": st.column_config.ProgressColumn(
                    "Share", format="percent", min_value=0.0, max_value=1.0
                ),
                "items": st.column_config.NumberColumn("Played", help="Distinct items tagged"),
                "items_recent": st.column_config.NumberColumn(
                    "Last 8 weeks", help="Distinct items tagged, played in the 8 weeks before"
                ),
            },
        )
    charts.plotly_chart(plots.weekly_plays(ui.weekly_plays(run_id, listener.user_id)))


def _recommendations(run_id: str, user_id: int) -> None:
    st.subheader("Recommendations")
    n = st.select_slider("Recommendations shown", [5, 10, 20, 30, 50], value=10)
    explained = ui.explain_top(run_id, user_id, n)
    items = explained.items
    st.dataframe(
        items[
            ["rank", "title", "artist", "score", "genre", "generators", "new_artist", "new_genre"]
        ],
        hide_index=True,
        column_config={
            "rank": st.column_config.NumberColumn("Rank"),
            "title": st.column_config.TextColumn("Item"),
            "artist": st.column_config.TextColumn("Artist"),
            "score": st.column_config.NumberColumn("Score", format="%.3f", help="Raw ranker score"),
            "genre": st.column_config.TextColumn("Sub-genre", help="The artist's main tag"),
            "generators": st.column_config.ListColumn(
                "Proposed by", help="The candidate generators that proposed it"
            ),
            "new_artist": st.column_config.CheckboxColumn(
                "New artist", help="The listener never played this artist"
            ),
            "new_genre": st.column_config.CheckboxColumn(
                "New sub-genre", help="The listener never played an item tagged with it"
            ),
        },
    )
    names = {int(r.item_id): f"#{r.rank} {r.title} — {r.artist}" for r in items.itertuples()}
    ids = list(names)
    _explain_one(run_id, user_id, n, ids, names)
    section = st.segmented_control("Explore further", SECTIONS, default=SECTIONS[0])
    if section == SECTIONS[0]:
        _compare(run_id, user_id, n, ids, names)
    elif section == SECTIONS[1]:
        _why_not(run_id, user_id, n)
    elif section == SECTIONS[2]:
        _what_if(run_id, user_id, ids[0])


@st.fragment
def _explain_one(run_id: str, user_id: int, n: int, ids: list[int], names: dict[int, str]) -> None:
    # a fragment: picking another recommendation reruns only this part of the page
    chosen = st.selectbox("Recommendation to explain", ids, format_func=names.__getitem__)
    _why(run_id, ui.explain_top(run_id, user_id, n), chosen)


def _why(run_id: str, explained, item: int) -> None:  # type: ignore[no-untyped-def]
    info = ui.run_info(run_id)
    left, right = st.columns([2, 3], gap="large")
    with left:
        st.markdown("**Why it is here**")
        for reason in explained.reasons[item] or []:
            st.markdown("- " + widgets.as_text(reason.text))
        if not explained.reasons[item]:
            st.caption("No contribution large enough to state as a reason.")
        st.markdown("**What held it back**")
        for line in explained.held_back[item]:
            st.markdown("- " + widgets.as_text(line.text))
        if not explained.held_back[item]:
            st.caption("Nothing held it back.")
        widgets.definition("a contribution", SHAP_TEXT)
    with right:
        grouped = st.toggle("Group features", value=True, help="Sum contributions per group")
        frame = contributions_of(explained, item, info.groups if grouped else None)
        labels = {g: group_label(g) for g in info.groups.unique()}
        charts.plotly_chart(
            plots.waterfall(frame, explained.base_value, "How the score adds up", labels=labels)
        )


def _compare(run_id: str, user_id: int, n: int, ids: list[int], names: dict[int, str]) -> None:
    if len(ids) < 2:
        st.caption("Show at least two recommendations to compare them.")
        return
    cols = st.columns([2, 2, 1], vertical_alignment="bottom")
    a = cols[0].selectbox("A", ids, index=0, format_func=names.__getitem__)
    b = cols[1].selectbox("B", ids, index=1, format_func=names.__getitem__)
    grouped = cols[2].toggle("Group features", value=False, key="compare_grouped")
    if a == b:
        st.caption("Pick two different recommendations.")
        return
    diff = ui.compare(run_id, user_id, n, a, b, grouped)
    charts.plotly_chart(
        plots.contribution_difference(
            diff,
            names[a].split(" ")[0],
            names[b].split(" ")[0],
            labels={g: group_label(g) for g in diff["name"]},
        )
    )
    st.caption(
        "Each bar is a feature's contribution to A minus its contribution to B; together they "
        "add up to the difference of the two scores (the base value cancels)."
    )


def _why_not(run_id: str, user_id: int, n: int) -> None:
    cols = st.columns([1, 3])
    kind: Literal["track", "artist"] = (
        "artist"
        if cols[0].radio("Look for", ["track", "artist"], horizontal=True) == "artist"
        else "track"
    )
    text = cols[1].text_input("Name", placeholder="Type part of a title or an artist's name")
    found = ui.search(run_id, text, kind)
    if not text.strip():
        return
    if found.empty:
        st.caption("Nothing in the catalogue matches.")
        return
    labels = {
        int(r.item_id): (f"{r.title} — {r.artist}" if kind == "track" else str(r.artist))
        for r in found.itertuples()
    }
    target = st.selectbox("Match", list(labels), format_func=labels.__getitem__)
    answer = ui.why_not(run_id, user_id, kind, target, n)
    (st.success if answer.status == "recommended" else st.info)(widgets.as_text(answer.message))
    if answer.explained is None or answer.comparison is None or answer.item_id is None:
        return
    charts.plotly_chart(
        plots.contribution_difference(
            answer.comparison, f"#{n} (last shown)", f"#{answer.rank}", top=12
        )
    )
    held = answer.explained.held_back[answer.item_id]
    if held:
        st.markdown("**What held it back**")
        for line in held:
            st.markdown("- " + widgets.as_text(line.text))


def _what_if(run_id: str, user_id: int, default_item: int) -> None:
    cands = ui.candidate_list(run_id, user_id)
    stats = ui.feature_stats(run_id)
    labels = {int(r.item_id): f"#{r.rank} {r.title} — {r.artist}" for r in cands.itertuples()}
    ids = list(labels)
    cols = st.columns(2)
    item = cols[0].selectbox(
        "Candidate",
        ids,
        index=ids.index(default_item) if default_item in ids else 0,
        format_func=labels.__getitem__,
        help="Any of the listener's candidates, by rank",
    )
    described = {r.feature: f"{r.feature} — {r.description}" for r in stats.itertuples()}
    names = list(described)
    feature = cols[1].selectbox(
        "Feature",
        names,
        index=names.index(WHAT_IF_DEFAULT) if WHAT_IF_DEFAULT in names else 0,
        format_func=described.__getitem__,
    )
    row = stats.set_index("feature").loc[feature]
    presets = {
        "median of all candidates": float(row["median"]),
        "25th percentile": float(row["p25"]),
        "75th percentile": float(row["p75"]),
        "99th percentile": float(row["p99"]),
    }
    preset = st.radio("Set it to", [*presets, "a value of my own"], horizontal=True)
    value = (
        presets[preset]
        if preset in presets
        else st.number_input("Value", value=float(row["median"]), format="%.4f")
    )
    try:
        result = ui.what_if(run_id, user_id, item, feature, value)
    except SoundcheckError as exc:
        widgets.show_error(exc, title="Cannot compute this what-if")
        return
    widgets.kpi_row(
        [
            Kpi(f"{feature} before", fmt_number(result.old_value, 3)),
            Kpi(f"{feature} after", fmt_number(result.new_value, 3)),
            Kpi("Score", f"{result.new_score:.3f}", f"Was {result.old_score:.3f}"),
            Kpi(
                "Rank",
                f"#{result.new_rank}",
                f"Was #{result.old_rank} of {result.n_candidates} candidates",
            ),
        ]
    )
    st.caption(
        "Only this candidate is re-scored; the others keep their stored scores. Contributions "
        "of other features change too when the model's trees combine them with this one."
    )
    change = result.contributions.rename(columns={"change": "difference"})
    charts.plotly_chart(
        plots.contribution_difference(
            change, "after", "before", title="What the change does to each contribution", top=10
        )
    )


main()
