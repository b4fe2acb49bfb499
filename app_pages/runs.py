"""Model › Runs: the ranker against every baseline and the oracle, training curve, feature
importance, run history and a side-by-side comparison of two runs. Layout and calls only."""

import pandas as pd
import streamlit as st

from recsys.errors import NotFittedError
from recsys.evaluation import headline_metrics
from recsys.model.registry import ORACLE, RANKER, model_label
from recsys.plots import runs as runs_plots
from recsys.ui import charts, runs, widgets
from recsys.ui.widgets import Kpi, fmt_number, fmt_percent
from recsys.views.runs import glossary, paired_gain_sentence


def main() -> None:
    """Render the page."""
    st.title("Model runs")
    try:
        history = runs.list_runs()
    except NotFittedError:
        history = None
    with st.sidebar:
        _build_form(first=history is None or history.empty)
    if history is None or history.empty:
        st.info("No model has been built on this warehouse yet. Start a build in the sidebar.")
        return
    with st.popover("What do these numbers mean?", icon=":material/help:"):
        st.dataframe(glossary(), hide_index=True, width="stretch")
    with widgets.errors_shown("Cannot read the run"):
        run_id = st.selectbox("Run", history["run_id"], help="Newest first.")
        run = history.set_index("run_id").loc[run_id]
        runs.stale_notice(run_id, task=str(run["task"]))
        _protocol(run["protocol"])
        _headline(run_id)
        _metrics(run_id)
        left, right = st.columns(2, gap="large")
        with left:
            charts.plotly_chart(runs_plots.training_curve(runs.training_curve(run_id)))
            st.caption(
                "NDCG here ranks each training listener's ~300 candidates, so it runs higher "
                "than the headline NDCG@10, which is measured on the test window. The dotted "
                "line marks the round where the validation listeners peaked: the ranker keeps "
                "that many trees."
            )
        with right:
            charts.plotly_chart(runs_plots.feature_importance(runs.feature_importance(run_id)))
        _details(run_id)
        _history(history, run_id)


def _protocol(protocol: str) -> None:
    if protocol == "holdout":
        how = (
            "on a seeded per-user holdout (this dataset has play counts but no timestamps: 20% "
            "of each listener's items are held out for testing and 20% of the rest label the "
            "re-ranker's training)"
        )
    else:
        how = (
            "on a temporal split (the 28 days before the test window label the re-ranker's "
            "training; the last 28 days test it; features only see earlier events)"
        )
    st.caption(
        f"This run trained the two-stage recommender {how}, and scored the ranker, every "
        "candidate generator alone and, on synthetic data, the oracle on the same users. "
        "Relevant items are those played through at least once in the window."
    )


def _build_form(first: bool) -> None:
    st.subheader("New build")
    task = st.radio(
        "Task",
        ["discovery", "repeat"],
        horizontal=True,
        help="Discovery: items the listener has never played. Repeat: items they already know.",
    )
    if not st.button("Build a run", type="primary" if first else "secondary"):
        return
    run_id = runs.build_with_progress(task)
    if run_id is None:
        return
    st.success(f"Run {run_id} written.")
    st.rerun()


def _headline(run_id: str) -> None:
    table = runs.model_table(run_id).set_index("model")
    ranker = table.loc[RANKER]
    sig = runs.significance(run_id)
    kpis = [
        Kpi("Ranker NDCG@10", fmt_number(ranker["ndcg@10"], 4)),
        Kpi(
            "vs best baseline",
            f"{ranker['vs_best_baseline']:.2f}x",
            "Ranker NDCG@10 divided by the best single candidate generator's",
        ),
    ]
    if ORACLE in table.index:
        kpis.append(
            Kpi(
                "Share of oracle",
                fmt_percent(ranker["share_of_oracle"]),
                "Ranker NDCG@10 divided by the NDCG@10 of ranking by the planted true preference",
            )
        )
    if not sig.empty:
        s = sig.iloc[0]
        kpis.append(
            Kpi(
                f"Gain over {model_label(s['model_b'])}",
                f"{s['mean_diff']:+.4f}",
                "NDCG@10 of the ranker minus the best baseline's, listener by listener, "
                f"averaged over {int(s['n_users']):,} test listeners",
            )
        )
    widgets.kpi_row(kpis)
    if not sig.empty:
        st.caption(paired_gain_sentence(sig.iloc[0].to_dict()))
    if ORACLE in table.index and (sampled := runs.oracle_sample_sentence(run_id)) is not None:
        st.caption(sampled)


def _metrics(run_id: str) -> None:
    table = runs.model_table(run_id)
    keys = [m.key for m in headline_metrics()]
    metric = st.segmented_control("Metric", keys, default="ndcg@10") or "ndcg@10"
    charts.plotly_chart(runs_plots.model_comparison(table, metric))
    st.dataframe(
        table,
        hide_index=True,
        column_order=[c for c in table.columns if c != "model"],
        column_config={
            "label": st.column_config.TextColumn("Model"),
            **{
                m.key: st.column_config.NumberColumn(m.label, format="%.4f", help=m.definition)
                for m in headline_metrics()
            },
            "vs_best_baseline": st.column_config.NumberColumn(
                "vs best baseline",
                format="%.2fx",
                help="NDCG@10 divided by the best single candidate generator's.",
            ),
            "share_of_oracle": st.column_config.NumberColumn(
                "share of oracle",
                format="percent",
                help="NDCG@10 divided by the oracle's (ranking by the planted true preference).",
            ),
        },
    )


def _details(run_id: str) -> None:
    with st.expander("Protocol, timings and configuration"):
        st.dataframe(
            runs.run_facts(run_id),
            hide_index=True,
            width="stretch",
            column_config={
                "section": st.column_config.TextColumn("Section"),
                "what": st.column_config.TextColumn("What"),
                "value": st.column_config.TextColumn("Value"),
            },
        )


def _history(history: pd.DataFrame, run_id: str) -> None:
    st.subheader("Run history")
    st.dataframe(
        history,
        hide_index=True,
        column_order=[
            "run_id",
            "created_at",
            "task",
            "grain",
            "protocol",
            "users_evaluated",
            "ranker_ndcg10",
            "candidate_recall",
            "build_seconds",
            "stale",
        ],
        column_config={
            "run_id": st.column_config.TextColumn("Run"),
            "created_at": st.column_config.DatetimeColumn("Built", format="YYYY-MM-DD HH:mm"),
            "task": st.column_config.TextColumn("Task"),
            "grain": st.column_config.TextColumn("Items"),
            "protocol": st.column_config.TextColumn("Protocol"),
            "users_evaluated": st.column_config.NumberColumn("Test listeners", format="%d"),
            "ranker_ndcg10": st.column_config.NumberColumn("Ranker NDCG@10", format="%.4f"),
            "candidate_recall": st.column_config.NumberColumn("Candidate recall", format="%.3f"),
            "build_seconds": st.column_config.NumberColumn("Build (s)", format="%.0f"),
            "stale": st.column_config.CheckboxColumn(
                "Data changed since",
                help="The warehouse's data changed after this run was built.",
            ),
        },
    )
    others = [r for r in history["run_id"] if r != run_id]
    if not others:
        st.caption("Build another run to compare two side by side.")
        return
    other = st.selectbox("Compare with", others)
    st.dataframe(
        runs.compare_runs(other, run_id),
        hide_index=True,
        column_order=["label", "metric", "a", "b", "change"],
        column_config={
            "label": st.column_config.TextColumn("Model"),
            "a": st.column_config.NumberColumn(f"{other}", format="%.4f"),
            "b": st.column_config.NumberColumn(f"{run_id}", format="%.4f"),
            "change": st.column_config.NumberColumn("change", format="%+.4f"),
        },
    )


main()
