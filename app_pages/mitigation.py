"""Audit › Mitigation: what re-ranking the ranker's candidates would buy and cost. A strength
slider per re-ranker with its trade-off curve (NDCG@10 on the test window against what it
targets) and the chosen point marked; one listener's list before and after. Layout and calls
only: the curves and lists were computed by the build (recsys.audit)."""

import pandas as pd
import streamlit as st

from recsys.audit import definition, views
from recsys.errors import NotFittedError
from recsys.plots import audit as plots
from recsys.ui import audit as audit_ui
from recsys.ui import charts, widgets
from recsys.ui import runs as run_data
from recsys.ui.widgets import Kpi, fmt_number

# The re-rankers: label, what they target (a metric key) and how they work, in page order.
RERANKERS = {
    "calibrated": (
        "Calibrated (Steck)",
        "miscalibration",
        "Greedily builds each top 10 to maximise (1 − λ)·relevance − λ·miscalibration: the "
        "list's genre mix is pulled toward the listener's history (Steck, RecSys 2018).",
    ),
    "long_tail": (
        "Long tail (xQuAD)",
        "aplt",
        "Greedily adds long-tail items while the list covers the tail less than the listener's "
        "own profile does: (1 − λ)·relevance + λ·coverage of head and tail (Abdollahpouri et "
        "al., FLAIRS 2019).",
    ),
    "provider": (
        "Provider exposure",
        "exposure_vs_oracle",
        "Lifts items of the most under-exposed artist group while the list gives the group less "
        "than its target share of position-discounted exposure.",
    ),
}


def main() -> None:
    """Render the page."""
    st.title("Mitigation")
    with widgets.errors_shown("Cannot read the audit"):
        try:
            runs = audit_ui.audited_runs()
        except NotFittedError:
            st.info("No run has been audited yet: build a run on the Runs page.")
            return
        run_id = st.selectbox("Run", runs["run_id"], key="mit-run", help="Newest first.")
        run_data.stale_notice(run_id, key="stale-mitigation")
        curves = audit_ui.tradeoff(run_id)
        if curves.empty:
            st.info("This run has no trade-off curves (it was built before the audit).")
            return
        available = [r for r in RERANKERS if r in set(curves["reranker"])]
        reranker = st.segmented_control(
            "Re-ranker",
            available,
            default=available[0],
            format_func=lambda r: RERANKERS[r][0],
            key="mit-reranker",
            required=True,
        )
        label, target_key, how = RERANKERS[reranker or available[0]]
        name = reranker or available[0]
        st.caption(how)
        mine = views.curve(curves, name)
        strength = st.select_slider(
            "Strength λ",
            options=list(mine["strength"]),
            value=views.default_strength(mine),
            key=f"mit-strength-{name}",
            help="0 keeps the ranker's order; 1 optimises the target alone.",
        )
        _tradeoff(mine, float(strength), target_key, label)
        _listener(run_id, name, float(strength))


def _tradeoff(curve: pd.DataFrame, strength: float, target_key: str, label: str) -> None:
    point = views.curve_point(curve, strength)
    start = views.curve_point(curve, 0.0)
    target = views.target_label(curve, target_key)
    widgets.kpi_row(
        [
            Kpi(
                "NDCG@10 at this strength",
                fmt_number(point["ndcg"], 4),
                "Accuracy of the re-ranked top 10 on the run's test window",
            ),
            Kpi(
                "Accuracy kept",
                f"{point['ndcg'] / start['ndcg']:.1%}" if start["ndcg"] else "—",
                "NDCG@10 at this strength ÷ NDCG@10 of the ranker's own order",
            ),
            Kpi(target, fmt_number(point["target_value"], 4), definition(target_key).plain),
            Kpi(f"{target} today", fmt_number(start["target_value"], 4), "At strength 0"),
        ]
    )
    charts.plotly_chart(
        plots.tradeoff_curve(
            curve, strength, title=f"{label}: accuracy against {target}", x_title=target
        )
    )
    note = views.target_note(curve)
    if note:
        st.caption(note)


def _listener(run_id: str, reranker: str, strength: float) -> None:
    st.subheader("One listener, before and after")
    users = audit_ui.reranked_users(run_id)
    if not users:
        st.info("No listener's re-ranked list is stored for this run.")
        return
    user = st.selectbox("Listener", users, key="mit-user", help="A listener of the test window")
    before = audit_ui.reranked(run_id, reranker, 0.0, int(user))
    after = audit_ui.reranked(run_id, reranker, strength, int(user))
    left, right = st.columns(2)
    with left:
        st.caption("Before (the ranker's order)")
        st.dataframe(before, hide_index=True, key="mit-before")
    with right:
        st.caption(f"After (λ = {strength:g})")
        st.dataframe(after, hide_index=True, key="mit-after")
    st.caption(f"{views.changed(before, after)} of the top 10 changed.")
    mix_before = audit_ui.genre_mix(run_id, int(user), tuple(before["item_id"]), before_test=True)
    mix_after = audit_ui.genre_mix(run_id, int(user), tuple(after["item_id"]), before_test=True)
    charts.plotly_chart(
        plots.genre_mix(
            views.mix_before_after(mix_before, mix_after),
            "Parent genres: history before the test window, list before and after",
            columns={"history_share": "history", "before": "before", "after": "after"},
        )
    )


main()
