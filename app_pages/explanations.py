"""Recommend › Explanations: what the ranker relies on over a seeded sample of listeners and
their candidates (mean |SHAP| per feature and group, a beeswarm, dependence plots) and how that
differs between cohorts, with bootstrap intervals. Layout and calls only: every figure was
computed by the build and is read through recsys.ui.explain."""

from typing import Literal

import streamlit as st

from recsys.explain import COHORT_LABELS, group_label
from recsys.plots import explain as plots
from recsys.privacy import MIN_GROUP_SIZE
from recsys.ui import charts, widgets
from recsys.ui import explain as ui
from recsys.ui.widgets import Kpi, fmt_count

MEAN_ABS = (
    "For every sampled candidate the ranker's score is split exactly into one **SHAP value** "
    "per feature (TreeSHAP on the run's saved model): how much that feature moved the score "
    "away from the average score (the base value). **Mean |SHAP|** averages the size of that "
    "push, whatever its direction: the larger, the more the ranker relies on the feature. A "
    "group's value adds its features' SHAP values per candidate before taking the size, so "
    "features of one group that pull in opposite directions cancel."
)
COHORTS = (
    "Each listener in the sample counts once: their sampled candidates' SHAP values are "
    "averaged, then averaged over the cohort's listeners. The bar around each dot is a 95% "
    "percentile bootstrap interval (listeners resampled with replacement, seeded): where two "
    f"cohorts' intervals do not overlap the difference is not sampling noise. Cohorts of fewer "
    f"than {MIN_GROUP_SIZE} sampled listeners are folded into **other** (and left out when "
    "that is still too small). Activity and mainstreaminess are tertiles over all listeners."
)


def main() -> None:
    """Render the page."""
    st.title("Explanations")
    run_id = ui.choose_run(stale_key="stale-explanations")
    if run_id is None:
        return
    with widgets.errors_shown("Cannot read the explanations"):
        info = ui.run_info(run_id)
        groups = ui.global_importance(run_id, "group")
        widgets.kpi_row(
            [
                Kpi("Listeners sampled", fmt_count(info.sample_users), "Seeded draw"),
                Kpi("Candidates sampled", fmt_count(info.sample_rows), "Drawn per listener"),
                Kpi("Base value", f"{info.base_value:.3f}", "The ranker's average raw score"),
                Kpi(
                    "Strongest group",
                    group_label(str(groups["name"].iloc[0])),
                    "Largest mean |SHAP|",
                ),
            ]
        )
        st.caption(
            f"SHAP values of {fmt_count(info.sample_rows)} candidates: up to "
            f"{info.config.get('candidates_per_user')} drawn at random from each of "
            f"{fmt_count(info.sample_users)} listeners drawn at random (seed "
            f"{info.config.get('seed')}), from run {run_id}'s saved model."
        )
        _importance(run_id, groups)
        _beeswarm(run_id)
        _dependence(run_id)
        _cohorts(run_id)


def _importance(run_id: str, groups) -> None:  # type: ignore[no-untyped-def]
    st.subheader("What the ranker relies on")
    widgets.definition("mean |SHAP|", MEAN_ABS)
    left, right = st.columns([2, 3], gap="large")
    with left:
        shown = groups.assign(group=groups["name"], name=[group_label(g) for g in groups["name"]])
        charts.plotly_chart(plots.importance(shown, "By group"))
    with right:
        charts.plotly_chart(plots.importance(ui.global_importance(run_id, "feature"), "By feature"))


def _beeswarm(run_id: str) -> None:
    st.subheader("Every sampled candidate")
    features = ui.global_importance(run_id, "feature")["name"].tolist()
    count = st.select_slider("Features shown", [6, 10, 15, len(features)], value=10)
    shap, values = ui.sample(run_id)
    charts.plotly_chart(plots.beeswarm(shap, values, features[:count]))
    st.caption(
        "One dot per candidate (a seeded draw of 1,500 of the sample), features by mean |SHAP|. "
        "Right of zero the feature pushed that candidate up; the colour is the feature's value "
        "(its rank among the sample: blue low, orange high; grey where the value is missing, "
        "for example the rank given by a generator that did not propose the item)."
    )


def _dependence(run_id: str) -> None:
    st.subheader("How one feature moves the score")
    features = ui.global_importance(run_id, "feature")["name"].tolist()
    partners = ui.interactions(run_id).set_index("feature")["partner"]
    cols = st.columns(2)
    feature = cols[0].selectbox("Feature", features)
    others = [f for f in features if f != feature]
    partner = str(partners.get(feature, others[0]))
    colour = cols[1].selectbox(
        "Colour by",
        others,
        index=others.index(partner) if partner in others else 0,
        key=f"colour-{feature}",
        help="Preset to the feature whose value best explains the spread (strongest "
        "interaction in the sample).",
    )
    shap, values = ui.sample(run_id)
    charts.plotly_chart(
        plots.dependence(values[feature], shap[feature], values[colour], feature, colour)
    )


def _cohorts(run_id: str) -> None:
    st.subheader("Cohorts compared")
    widgets.definition("a cohort comparison", COHORTS)
    cols = st.columns(2)
    dimension = cols[0].selectbox(
        "Compare listeners by", list(COHORT_LABELS), format_func=COHORT_LABELS.__getitem__
    )
    picked = cols[1].segmented_control(
        "Level",
        ["group", "feature"],
        default="group",
        format_func=lambda v: "Feature groups" if v == "group" else "Top 10 features",
    )
    level: Literal["feature", "group"] = "feature" if picked == "feature" else "group"
    frame = ui.cohort_comparison(run_id, dimension, level)
    if level == "group":
        names = ui.global_importance(run_id, "group")["name"].tolist()
    else:
        names = ui.global_importance(run_id, "feature")["name"].head(10).tolist()
    title = f"Mean contribution by {COHORT_LABELS[dimension].lower()}"
    labels = {g: group_label(g) for g in names} if level == "group" else None
    charts.plotly_chart(plots.cohort_comparison(frame, names, title, labels=labels))
    st.dataframe(
        frame[frame["name"].isin(names)][
            ["cohort", "label", "n_users", "mean_shap", "ci_low", "ci_high", "mean_abs_shap"]
        ],
        hide_index=True,
        column_config={
            "cohort": st.column_config.TextColumn("Cohort"),
            "label": st.column_config.TextColumn("Feature or group"),
            "n_users": st.column_config.NumberColumn("Listeners", help="Sampled listeners"),
            "mean_shap": st.column_config.NumberColumn("Mean SHAP", format="%+.4f"),
            "ci_low": st.column_config.NumberColumn("95% low", format="%+.4f"),
            "ci_high": st.column_config.NumberColumn("95% high", format="%+.4f"),
            "mean_abs_shap": st.column_config.NumberColumn("Mean |SHAP|", format="%.4f"),
        },
    )


main()
