"""Explore › Overview: dataset KPIs, listening over time, the popularity long tail, top genres
and listeners by country. Layout and calls only: the figures come from recsys.views.overview."""

from typing import Literal, cast

import streamlit as st

from recsys.plots import overview as plots
from recsys.privacy import MIN_GROUP_SIZE
from recsys.ui import charts, data, widgets
from recsys.ui.widgets import Kpi, fmt_count, fmt_date, fmt_number, fmt_percent
from recsys.views.overview import weekly_sources

GENRE_LEVELS: dict[str, str] = {"parent": "Parent genres", "sub": "Sub-genres"}
GINI = (
    "How unequally plays are spread over the catalogue. Sort the items from least to most "
    "played and draw the share of plays held by the least played share of items (the Lorenz "
    "curve); the Gini coefficient is one minus twice the area under that curve. **0** means "
    "every item is played equally often; it approaches **1** when a few items get nearly "
    "every play. Items never played count, so a large unplayed catalogue raises it."
)


def main() -> None:
    """Render the page."""
    st.title("Overview")
    with widgets.errors_shown("Cannot read the warehouse"):
        has_timestamps = _kpis()
        _over_time(has_timestamps)
        _long_tail(has_timestamps)
        left, right = st.columns(2, gap="large")
        with left:
            _genres()
        with right:
            _countries()


def _kpis() -> bool:
    k = data.kpis().iloc[0]
    widgets.kpi_row(
        [
            Kpi("Users", fmt_count(k["users"])),
            Kpi("Artists", fmt_count(k["artists"])),
            Kpi("Tracks", fmt_count(k["tracks"])),
            Kpi("Plays", fmt_count(k["plays"])),
        ]
    )
    widgets.kpi_row(
        [
            Kpi("First listen", fmt_date(k["first_listen"]), "UTC"),
            Kpi("Last listen", fmt_date(k["last_listen"]), "UTC"),
            Kpi("Listening hours", fmt_number(k["listening_hours"])),
            Kpi("Skip rate", fmt_percent(k["skip_rate"]), "Share of plays marked as skipped"),
        ]
    )
    return bool(k["has_timestamps"])


def _over_time(has_timestamps: bool) -> None:
    st.subheader("Listening over time")
    if not has_timestamps:
        st.info("This dataset has no timestamps (play counts only), so there is no time series.")
        return
    weekly = data.listens_per_week()
    charts.plotly_chart(plots.listens_per_week(weekly))
    sources = weekly_sources(weekly)
    if len(sources) > 1:
        st.caption(
            f"One panel per source of plays ({len(sources)}), each on its own scale over a "
            "shared time axis; weeks outside a source's first and last play have no data, so "
            "they are left empty. Open circles are weeks a source covers only in part."
        )
    elif weekly["partial"].any():
        st.caption("Open circles are weeks the log covers only in part (its first and last).")


def _long_tail(has_timestamps: bool) -> None:
    st.subheader("Popularity long tail")
    levels = ["track", "artist"] if has_timestamps else ["artist"]
    level = st.segmented_control(
        "Items", levels, default=levels[0], required=True, format_func=str.title, key="tail-level"
    )
    tail = data.long_tail(cast(Literal["track", "artist"], level))
    charts.plotly_chart(plots.lorenz_curve(tail.curve, tail.gini, level=level))
    st.caption(
        f"The most played 10% of {level}s get {fmt_percent(tail.top10_share)} of all plays; "
        f"{fmt_count(tail.played_items)} of {fmt_count(tail.items)} {level}s were played at "
        "least once. Gini: 0 when every item is played equally, near 1 when a few get all."
    )
    widgets.definition("the Gini coefficient", GINI, key="define-gini")


def _genres() -> None:
    st.subheader("Top genres")
    level = st.segmented_control(
        "Level",
        list(GENRE_LEVELS),
        default="parent",
        required=True,
        format_func=GENRE_LEVELS.__getitem__,
        key="genre-level",
    )
    chosen = cast(Literal["parent", "sub"], level)
    genres = data.top_genres(chosen)
    charts.plotly_chart(plots.top_genres(genres, level=chosen))
    with st.expander("As a table"):
        st.dataframe(genres, hide_index=True)


def _countries() -> None:
    st.subheader("Listeners by country")
    countries = data.listeners_by_country()
    charts.plotly_chart(plots.listeners_by_country(countries))
    st.caption(
        f"Countries with fewer than {MIN_GROUP_SIZE} listeners are grouped as Other; "
        f"a group still under {MIN_GROUP_SIZE} is not shown."
    )
    with st.expander("As a table"):
        st.dataframe(countries, hide_index=True)


main()
