"""Discover › Emerging: clusters of the genre map whose listeners grow in some community
(country or friend-graph community), tested with a false discovery rate, and whether the
recommender gives them room. Layout and calls only."""

import pandas as pd
import streamlit as st

from recsys.maps import driver_ids, emerging_table, exposure_sentence
from recsys.plots import maps as plots
from recsys.privacy import MIN_GROUP_SIZE
from recsys.ui import charts, maps, runs, widgets
from recsys.ui.widgets import Kpi, fmt_count

METHOD = (
    "Listening is cut into **28-day windows** counted back from the last play. For a cluster "
    "and a community (everyone, a country, or a community of the friend graph found by "
    "Louvain), the **share** is the part of the community's active listeners who played the "
    "cluster in a window. **Growth** compares the last window's share with the six windows "
    "before it (ratio). The **burst score** is that difference in standard errors, the "
    "binomial error widened by how much shares wander from window to window (the median "
    "dispersion over all tests). The **p-value** is a one-sided Fisher exact test of the last "
    "window against the six before. With one test per cluster and community, some would pass "
    "by chance, so p-values are adjusted with the **Benjamini-Hochberg** procedure: a test is "
    "significant when its q-value is at most 0.05, which keeps the expected share of false "
    f"discoveries under 5%. Communities under {MIN_GROUP_SIZE} listeners are not tested."
)
EXPOSURE = (
    "The cluster's share of all recommendation slots (every listener's top 10 in this run) "
    "minus its share of recent listening (plays in the last 28 days). A cluster that grows "
    "significantly while its share of recommendations stays below its share of listening is "
    "flagged **under-recommended**: the recommender lags behind the listeners."
)


def main() -> None:
    """Render the page."""
    st.title("Emerging clusters")
    history = maps.map_runs()
    if history.empty:
        st.info(
            "No run has a genre map yet. Build one on the Model › Runs page or with "
            "`soundcheck build`: every build tests the map's clusters for growth."
        )
        return
    with widgets.errors_shown("Cannot read the trends"):
        run_id = str(st.selectbox("Run", history["run_id"], help="Runs with a map, newest first."))
        runs.stale_notice(run_id)
        n_tests = maps.test_count(run_id)
        if not n_tests:
            st.info(
                "This dataset has no listening times (play counts only), so nothing can be "
                "said about growth. The Genre map page still shows its clusters."
            )
            return
        clusters = maps.clusters(run_id)
        table = emerging_table(clusters, maps.communities(run_id))
        _kpis(table, n_tests)
        c1, c2 = st.columns(2)
        with c1:
            widgets.definition("the burst score", METHOD)
        with c2:
            widgets.definition("the exposure gap", EXPOSURE)
        _ranking(clusters, table)
        _cluster(run_id, table)


def _kpis(table: pd.DataFrame, n_tests: int) -> None:
    widgets.kpi_row(
        [
            Kpi("Clusters tested", fmt_count(len(table))),
            Kpi(
                "Tests",
                fmt_count(n_tests),
                "One per cluster and community (everyone, each country, each friend-graph "
                f"community of {MIN_GROUP_SIZE}+ listeners).",
            ),
            Kpi(
                "Emerging",
                fmt_count(int(table["significant"].sum())),
                "Clusters with at least one significant test (q-value at most 0.05).",
            ),
            Kpi(
                "Under-recommended",
                fmt_count(int(table["under_recommended"].sum())),
                "Emerging clusters whose share of recommendations is below their share of "
                "recent listening.",
            ),
        ]
    )


def _ranking(clusters: pd.DataFrame, table: pd.DataFrame) -> None:
    charts.plotly_chart(plots.emerging_ranking(clusters))
    st.caption("Clusters most emerging first: significant ones, then by p-value.")
    st.dataframe(
        table,
        hide_index=True,
        column_order=["emerging_rank", "label", "top_genres", "growth", "score", "q_value",
                      "driven_by", "exposure_gap", "under_recommended"],
        column_config={
            "emerging_rank": st.column_config.NumberColumn("#", format="%d"),
            "label": st.column_config.TextColumn("Cluster", help="Its most distinctive tags."),
            "top_genres": st.column_config.TextColumn("Top genres"),
            "growth": st.column_config.NumberColumn(
                "Growth", format="%.2fx",
                help="Share of all active listeners, last window over the six before.",
            ),
            "score": st.column_config.NumberColumn(
                "Burst score", format="%.1f", help="Its strongest test, in standard errors.",
            ),
            "q_value": st.column_config.NumberColumn(
                "q-value", format="%.2g",
                help="Its strongest test's p-value adjusted for every test (Benjamini-Hochberg).",
            ),
            "driven_by": st.column_config.TextColumn(
                "Driven by", help="Communities where it grew significantly, with their growth.",
            ),
            "exposure_gap": st.column_config.NumberColumn(
                "Exposure gap", format="%+.4f", help=EXPOSURE,
            ),
            "under_recommended": st.column_config.CheckboxColumn(
                "Under-recommended", help="Grows, but the recommender lags.",
            ),
        },
    )  # fmt: skip


def _cluster(run_id: str, table: pd.DataFrame) -> None:
    st.subheader("One cluster")
    labels = dict(zip(table["cluster_id"], table["label"], strict=True))
    cluster_id = st.selectbox(
        "Cluster", list(labels), format_func=lambda c: f"{labels[c]} (#{c})", key="em-cluster",
        help="Most emerging first.",
    )  # fmt: skip
    if cluster_id is None:
        return
    row = table.set_index("cluster_id").loc[cluster_id]
    mine = maps.cluster_tests(run_id, int(cluster_id))
    st.markdown(exposure_sentence(row))
    left, right = st.columns(2, gap="large")
    with left:
        frame = maps.cluster_trajectory(run_id, int(cluster_id))
        charts.plotly_chart(plots.cluster_trajectory(frame, driver_ids(row)))
    with right:
        charts.plotly_chart(plots.community_growth(mine))
    charts.plotly_chart(plots.cluster_exposure(row))
    st.dataframe(
        mine,
        hide_index=True,
        column_order=["community", "members", "listeners_recent", "active_recent", "growth",
                      "growth_plays", "score", "p_value", "q_value", "significant"],
        column_config={
            "community": st.column_config.TextColumn("Community"),
            "members": st.column_config.NumberColumn("Listeners", format="%d"),
            "listeners_recent": st.column_config.NumberColumn(
                "Played it (last window)", format="%d"),
            "active_recent": st.column_config.NumberColumn("Active (last window)", format="%d"),
            "growth": st.column_config.NumberColumn("Growth (listeners)", format="%.2fx"),
            "growth_plays": st.column_config.NumberColumn("Growth (plays)", format="%.2fx"),
            "score": st.column_config.NumberColumn("Burst score", format="%.1f"),
            "p_value": st.column_config.NumberColumn("p-value", format="%.2g"),
            "q_value": st.column_config.NumberColumn("q-value", format="%.2g"),
            "significant": st.column_config.CheckboxColumn("Significant"),
        },
    )  # fmt: skip


main()
