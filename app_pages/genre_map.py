"""Discover › Genre map: artists placed by how they are listened to and tagged, coloured by
cluster, parent genre, exposure gap or growth; search, a listener's overlay, one month's
listening, and a box or lasso selection with its audit figures. Layout and calls only."""

from typing import cast

import streamlit as st

from recsys.maps import selected_ids, selection_figures, selection_table
from recsys.plots.maps import COLOUR_MODES, ColourMode
from recsys.privacy import MIN_GROUP_SIZE
from recsys.ui import charts, maps, runs, widgets
from recsys.ui.widgets import Kpi, fmt_count, fmt_number, fmt_percent

# what each colour shows, for the help of the colour picker
COLOUR_HELP = (
    "**cluster**: groups of artists HDBSCAN found in the embedding (grey: unclustered). "
    "**parent genre**: the parent of the artist's heaviest tag. **exposure gap**: the artist's "
    "share of recommendation slots minus its share of recent listening (blue: recommended "
    "more than listened, red: less). **growth**: its share of active listeners in the last "
    "28 days over the six windows before (log scale)."
)
METHOD = (
    "Each artist is a vector of **how it is listened to** (positive pointwise mutual "
    "information of the artist x listener play counts, reduced by a truncated SVD: artists "
    "heard by the same listeners point the same way) joined with **its tags** (genre weights, "
    "with each tag's parent genre). **UMAP** (cosine, seeded) draws these vectors in 2-D: "
    "near points are near in the vectors, but distances between far islands mean little. "
    "**Clusters** are found by HDBSCAN on the vectors themselves, not on the picture; each is "
    "named by its most distinctive tags (class-based TF-IDF). Point size: listeners."
)
AUDIT_HELP = {
    "listen": "Share of recent listening (plays in the last 28 days) that went to the "
    "selected artists.",
    "exposure": "Share of all recommendation slots (every listener's top 10) that went to "
    "the selected artists.",
    "gap": "Exposure share minus listening share, in percentage points: below zero, the "
    "recommender gives the selection less room than listeners do.",
    "arp": "Average recommendation popularity: the mean share of all listeners who played "
    "the recommended artist, over the recommendation slots that went to the selection, beside "
    "the same over every slot.",
}


def main() -> None:
    """Render the page."""
    st.title("Genre map")
    history = maps.map_runs()
    if history.empty:
        st.info(
            "No run has a genre map yet. Build one on the Model › Runs page or with "
            "`soundcheck build`: every build draws the map."
        )
        return
    with widgets.errors_shown("Cannot draw the map"):
        run_id = str(st.selectbox("Run", history["run_id"], help="Runs with a map, newest first."))
        runs.stale_notice(run_id)
        _kpis(run_id)
        widgets.definition("this map", METHOD)
        colour, focus, user_id, month = _controls(run_id)
        figure = maps.map_figure(run_id, colour, month=month, focus=focus, user_id=user_id)
        event = charts.plotly_chart(figure, key="genre-map", select=("box", "lasso"))
        if user_id is not None:
            st.markdown(
                f"Rings: the listener's most played artists; stars: their recommendations. "
                f"[Open listener {user_id} in the user explorer](user-explorer?user={user_id})"
            )
        _selection(run_id, selected_ids(event))
        _clusters(run_id)


def _kpis(run_id: str) -> None:
    info = maps.map_info(run_id)
    clusters = maps.clusters(run_id)
    found = clusters[clusters["cluster_id"] >= 0]
    widgets.kpi_row(
        [
            Kpi("Artists on the map", fmt_count(info["artists"]), "Artists with 2+ listeners."),
            Kpi("Clusters", fmt_count(len(found)), "Found by HDBSCAN on the embedding."),
            Kpi(
                "Unclustered",
                fmt_count(info["facts"].get("unclustered")),
                "Artists in no cluster (HDBSCAN's noise, not near any cluster's centre).",
            ),
            Kpi(
                "Emerging clusters",
                fmt_count(int(found["significant"].sum())),
                "Clusters whose listeners grew significantly in some community (see the "
                "Emerging page).",
            ),
        ]
    )


def _controls(run_id: str) -> tuple[ColourMode, int | None, int | None, str | None]:
    """The colour, the artist to zoom to, the listener to overlay and the month to show."""
    left, middle, right = st.columns([2, 2, 1.2], vertical_alignment="bottom")
    with left:
        picked = st.segmented_control(
            "Colour by", COLOUR_MODES, default="cluster", key="map-colour", help=COLOUR_HELP
        )
        colour = cast(ColourMode, picked or "cluster")
    with middle:
        choices = maps.artist_choices(run_id)
        focus = st.selectbox(
            "Find an artist",
            list(choices),
            index=None,
            format_func=lambda a: choices[a],
            placeholder="Type a name",
            key="map-artist",
            help="Zooms to the artist; double-click the map to zoom out.",
        )
    with right:
        user = st.number_input(
            "Overlay a listener",
            min_value=1,
            value=None,
            step=1,
            key="map-user",
            help="A listener id: their most played artists and recommendations on the map.",
        )
    month = None
    months = maps.month_choices(run_id)
    if months and st.toggle("Listening month by month", key="map-months"):
        month = st.select_slider(
            "Month", months, value=months[-1], key="map-month",
            format_func=lambda m: m[:7],
            help="Colours each artist by its plays in that month.",
        )  # fmt: skip
        colour = "month"
    return colour, focus, None if user is None else int(user), month


def _selection(run_id: str, ids: list[int]) -> None:
    st.subheader("Selection")
    if not ids:
        st.caption(
            "Draw a box or a lasso around artists on the map (the tools sit above it) to list "
            "them here with their figures."
        )
        return
    points = maps.points(run_id)
    info = maps.map_info(run_id)
    figures = selection_figures(points, ids, int(info["facts"].get("listeners", 0)))
    widgets.kpi_row(
        [
            Kpi("Artists selected", fmt_count(figures.artists)),
            Kpi("Listening share", fmt_percent(figures.listen_share, 2), AUDIT_HELP["listen"]),
            Kpi("Exposure share", fmt_percent(figures.exposure_share, 2), AUDIT_HELP["exposure"]),
            Kpi(
                "Exposure gap",
                f"{fmt_number(figures.exposure_gap * 100, 2)} pp",
                AUDIT_HELP["gap"],
            ),
            Kpi(
                "ARP (all slots)",
                f"{fmt_percent(figures.arp, 1)} ({fmt_percent(figures.arp_all, 1)})",
                AUDIT_HELP["arp"],
            ),
        ]
    )
    st.dataframe(
        selection_table(points, ids),
        hide_index=True,
        column_config={
            "artist_id": st.column_config.NumberColumn("Artist id", format="%d"),
            "name": st.column_config.TextColumn("Artist"),
            "cluster": st.column_config.TextColumn("Cluster"),
            "top_tags": st.column_config.TextColumn("Top tags", help="Heaviest tags first."),
            "listeners": st.column_config.NumberColumn("Listeners", format="%d"),
            "plays": st.column_config.NumberColumn("Plays", format="%d"),
            "listen_share": st.column_config.NumberColumn(
                "Listening share", format="percent", help=AUDIT_HELP["listen"]
            ),
            "rec_share": st.column_config.NumberColumn(
                "Exposure share", format="percent", help=AUDIT_HELP["exposure"]
            ),
            "exposure_gap": st.column_config.NumberColumn(
                "Exposure gap", format="%+.3f", help="Exposure share minus listening share."
            ),
            "growth": st.column_config.NumberColumn(
                "Growth", format="%.2fx", help="Share of listeners, last 28 days over before."
            ),
        },
    )
    groups = maps.listener_groups(tuple(ids))
    st.caption(
        f"Who listens to the selection, beside every listener. Groups under {MIN_GROUP_SIZE} "
        "of the selection's listeners are folded into one row, or left out when that row is "
        "small too."
    )
    st.dataframe(
        groups,
        hide_index=True,
        column_config={
            "attribute": st.column_config.TextColumn("Attribute"),
            "group": st.column_config.TextColumn("Group"),
            "listeners": st.column_config.NumberColumn("Listeners", format="%d"),
            "share": st.column_config.NumberColumn(
                "Share of the selection's listeners", format="percent"
            ),
            "share_all": st.column_config.NumberColumn("Share of every listener", format="percent"),
        },
    )


def _clusters(run_id: str) -> None:
    with st.expander("Every cluster"):
        clusters = maps.clusters(run_id)
        st.dataframe(
            clusters[clusters["cluster_id"] >= 0],
            hide_index=True,
            column_order=["label", "top_genres", "artists", "listeners", "growth",
                          "exposure_gap", "significant"],
            column_config={
                "label": st.column_config.TextColumn("Cluster", help="Its most distinctive tags."),
                "top_genres": st.column_config.ListColumn("Top genres"),
                "artists": st.column_config.NumberColumn("Artists", format="%d"),
                "listeners": st.column_config.NumberColumn("Listeners", format="%d"),
                "growth": st.column_config.NumberColumn("Growth", format="%.2fx"),
                "exposure_gap": st.column_config.NumberColumn(
                    "Exposure gap", format="%+.4f",
                    help="Share of recommendations minus share of recent listening.",
                ),
                "significant": st.column_config.CheckboxColumn("Emerging"),
            },
        )  # fmt: skip


main()
