"""Audit › Popularity & fairness: the audit suite by group, with intervals and verdicts, for
Soundcheck's lists and any external list audited beside them. Layout and calls only: the
figures were computed by the build (recsys.audit) and are read through recsys.ui.audit."""

import pandas as pd
import streamlit as st

from recsys.audit import OWN, VERDICT_RULES, definition, views
from recsys.errors import NotFittedError
from recsys.evaluation import headline_keys
from recsys.plots import audit as plots
from recsys.ui import audit as audit_ui
from recsys.ui import charts, widgets
from recsys.ui import runs as run_data
from recsys.ui.widgets import Kpi, as_text, fmt_number, fmt_percent

# Column help of every figure table: what each column holds.
FIGURE_COLUMNS = {
    "recommendations": st.column_config.TextColumn(
        "lists", help="Which lists: Soundcheck's own, or an external list audited beside them"
    ),
    "metric": st.column_config.TextColumn("metric"),
    "group": st.column_config.TextColumn("group", help="The group of listeners or artists"),
    "n": st.column_config.NumberColumn("members", help="Listeners (or artists) in the group"),
    "value": st.column_config.NumberColumn("value", format="%.4f"),
    "ci_low": st.column_config.NumberColumn("95% low", format="%.4f"),
    "ci_high": st.column_config.NumberColumn("95% high", format="%.4f"),
    "reference": st.column_config.NumberColumn(
        "reference", format="%.4f", help="What the value is compared with (see the metric)"
    ),
    "ratio": st.column_config.NumberColumn(
        "ratio", format="%.3f", help="value ÷ reference; 1 is parity"
    ),
    "ratio_low": st.column_config.NumberColumn("ratio 95% low", format="%.3f"),
    "ratio_high": st.column_config.NumberColumn("ratio 95% high", format="%.3f"),
    "verdict": st.column_config.TextColumn(
        "verdict", help="; ".join(f"{k}: {v}" for k, v in VERDICT_RULES.items())
    ),
    "note": st.column_config.TextColumn("note"),
}


# The page's tabs, in order.
TABS = ["Popularity", "Artist exposure", "Accuracy by group", "Calibration", "Catalogue", "Notes"]


def main() -> None:
    """Render the page."""
    st.title("Popularity & fairness")
    with widgets.errors_shown("Cannot read the audit"):
        try:
            runs = audit_ui.audited_runs()
        except NotFittedError:
            st.info(
                "No run has been audited yet: every build audits its own lists. Build a run on "
                "the Runs page (or with `soundcheck build`)."
            )
            return
        run_id = st.selectbox("Run", runs["run_id"], key="audit-run", help="Newest first.")
        run_data.stale_notice(run_id, key="stale-fairness")
        sets = audit_ui.sets(run_id)
        names = st.multiselect(
            "Lists",
            list(sets["name"]),
            default=list(sets["name"]),
            key="audit-sets",
            help="Soundcheck's own lists and any external list audited beside them "
            "(`soundcheck audit --recommendations FILE --name NAME`), side by side.",
        )
        if not names:
            st.info("Choose at least one set of lists.")
            return
        inferred = st.toggle(
            "Include groups inferred from tags",
            value=True,
            key="audit-inferred",
            help="Artist country and lead-voice gender inferred from free tags (imported data) "
            "are shown as groupings of their own, marked inferred; switch off to leave them out.",
        )
        figures = views.select(audit_ui.figures(run_id), names=names)
        if not inferred:
            figures = views.drop_inferred(figures)
        _kpis(figures, names)
        _rules()
        st.dataframe(views.glance(figures), hide_index=True, key="audit-glance")
        tabs = st.tabs(TABS)
        with tabs[0]:
            _popularity(figures)
        with tabs[1]:
            _exposure(figures)
        with tabs[2]:
            _accuracy(figures, sets)
        with tabs[3]:
            _calibration(run_id, figures, names)
        with tabs[4]:
            _catalogue(figures)
        with tabs[5]:
            _notes(run_id, names)


def _kpis(figures: pd.DataFrame, names: list[str]) -> None:
    name = OWN if OWN in names else names[0]
    overall = views.overall(figures, name)
    st.caption(as_text(f"Headline figures of the {name} lists."))

    def ratio(metric: str) -> str:
        return "—" if metric not in overall.index else f"{overall.loc[metric, 'ratio']:.2f}x"

    def value(metric: str) -> object:
        return overall["value"].get(metric)

    widgets.kpi_row(
        [
            Kpi("Popularity vs listening", ratio("arp"), definition("arp").plain),
            Kpi("Long-tail share vs listening", ratio("aplt"), definition("aplt").plain),
            Kpi("Catalogue coverage", fmt_percent(value("coverage")), definition("coverage").plain),
            Kpi("Exposure Gini", fmt_number(value("gini"), 3), definition("gini").plain),
            Kpi(
                "Failing figures",
                f"{views.count_verdict(figures, name, 'fail'):,}",
                "Group figures whose whole 95% interval lies outside the pass band",
            ),
        ]
    )


def _rules() -> None:
    left, right = st.columns([4, 1], vertical_alignment="center")
    left.caption(
        "Every group figure has a 95% bootstrap interval; a ratio is judged against the band "
        "0.8–1.25 (the four-fifths rule): pass inside, fail wholly outside, inconclusive when "
        "the interval straddles a bound. Groups of fewer than 20 members are suppressed."
    )
    with right:
        widgets.definition(
            "a verdict",
            "\n".join(f"- **{k}**: {v}" for k, v in VERDICT_RULES.items())
            + "\n\nListeners are resampled for listener-side figures; listeners and artists "
            "together for artist-side ones, so that a few very popular artists cannot decide "
            "a verdict.",
            key="def-verdict",
        )


def _define(*keys: str) -> None:
    cols = st.columns(len(keys))
    for col, key in zip(cols, keys, strict=True):
        d = definition(key)
        with col:
            widgets.definition(
                d.label, f"{d.plain}\n\n`{d.formula}`\n\nSource: {d.source}", key=f"def-{key}"
            )


def _grouping(figures: pd.DataFrame, side: str, key: str, metric: str | None = None) -> str | None:
    options = views.attributes(figures, side, metric)
    if not options:
        st.info("No grouping could be formed for these lists (see Notes).")
        return None
    return st.selectbox("Group by", options, format_func=views.attribute_label, key=key)


def _popularity(figures: pd.DataFrame) -> None:
    _define("arp", "aplt", "aclt", "popularity_lift")
    overall = views.select(figures, metrics=["arp", "aplt", "aclt"])
    st.dataframe(views.shown_figures(overall), hide_index=True, column_config=FIGURE_COLUMNS)
    attribute = _grouping(figures, "listener", "pop-group", "popularity_lift")
    if attribute is None:
        return
    rows = views.select(figures, metrics=["popularity_lift"], attribute=attribute)
    charts.plotly_chart(
        plots.group_ratios(
            rows,
            f"Popularity lift by {views.attribute_label(attribute)}",
            x_title="GAP of lists ÷ GAP of profiles (1 = as popular as their listening)",
        )
    )
    st.dataframe(views.shown_figures(rows), hide_index=True, column_config=FIGURE_COLUMNS)


def _exposure(figures: pd.DataFrame) -> None:
    _define("exposure_vs_catalogue", "exposure_vs_listening", "exposure_vs_oracle")
    attribute = _grouping(figures, "artist", "exposure-group")
    if attribute is None:
        return
    rows = views.select(figures, attribute=attribute)
    charts.plotly_chart(
        plots.exposure_ratios(rows, f"Exposure by {views.attribute_label(attribute)}")
    )
    st.caption(
        "Position-discounted exposure (1/log2(1 + position)) of each artist group in the top "
        "10, against three references: the group's share of the catalogue, of listening, and "
        "(on generated data) of the lists true preference would give."
    )
    st.dataframe(views.shown_figures(rows), hide_index=True, column_config=FIGURE_COLUMNS)


def _accuracy(figures: pd.DataFrame, sets: pd.DataFrame) -> None:
    keys = [k for k in headline_keys() if k in set(figures["metric"])]
    if not keys:
        st.info(
            "No accuracy figures: none of these lists was made for the run's test window "
            "(an external list needs `--test-window`)."
        )
        return
    metric = st.segmented_control("Metric", keys, default=keys[0], key="acc-metric") or keys[0]
    _define(metric)
    attribute = _grouping(figures, "listener", "acc-group", metric)
    if attribute is None:
        return
    rows = views.select(figures, metrics=[metric], attribute=attribute)
    label = definition(metric).label
    charts.plotly_chart(
        plots.group_ratios(
            rows,
            f"{label} by {views.attribute_label(attribute)}, against the best group",
            x_title=f"{label} ÷ best group's (1 = as good as the best)",
        )
    )
    st.dataframe(views.shown_figures(rows), hide_index=True, column_config=FIGURE_COLUMNS)


def _calibration(run_id: str, figures: pd.DataFrame, names: list[str]) -> None:
    _define("miscalibration")
    attribute = _grouping(figures, "listener", "cal-group", "miscalibration")
    if attribute is not None:
        rows = views.select(figures, metrics=["miscalibration"], attribute=attribute)
        charts.plotly_chart(
            plots.group_ratios(
                rows,
                f"Miscalibration by {views.attribute_label(attribute)}, against the best group",
                x_title="miscalibration ÷ best (lowest) group's",
            )
        )
    st.subheader("One listener")
    left, right = st.columns(2)
    name = left.selectbox("Lists", names, key="cal-set")
    users = audit_ui.list_users(run_id, name)
    if not users:
        st.info("These lists hold no listener.")
        return
    user = right.selectbox("Listener", users, key="cal-user", help="Listener id")
    shown = audit_ui.user_list(run_id, name, int(user), 10)
    mix = audit_ui.genre_mix(run_id, int(user), tuple(int(i) for i in shown["item_id"]))
    charts.plotly_chart(
        plots.genre_mix(
            mix,
            "Parent genres: history beside the top 10",
            columns={"history_share": "history (plays)", "list_share": "recommended"},
        )
    )
    st.dataframe(shown, hide_index=True, key="cal-list")


def _catalogue(figures: pd.DataFrame) -> None:
    st.caption(
        "Figures of the whole set of lists (no groups, so no verdict); intervals resample "
        "listeners where the figure is a mean over listeners."
    )
    _define("gini", "novelty", "ild", "off_taste")
    st.dataframe(views.catalogue_table(figures), hide_index=True, key="catalogue-table")


def _notes(run_id: str, names: list[str]) -> None:
    st.caption(
        "Groupings the data could not form and why, groups suppressed for being too small, "
        "and figures left out."
    )
    st.dataframe(views.notes_for(audit_ui.notes(run_id), names), hide_index=True, key="notes-table")


main()
