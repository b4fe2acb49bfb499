"""Model › Runs: the ranker against every baseline and the oracle, training curve, feature
importance, run history and a side-by-side comparison of two runs. Layout and calls only."""

from datetime import datetime

import streamlit as st

from recsys.errors import NotFittedError, SoundcheckError
from recsys.evaluation import headline_metrics
from recsys.model.registry import ORACLE, RANKER
from recsys.plots import runs as runs_plots
from recsys.ui import runs, widgets
from recsys.ui.widgets import Kpi, fmt_number, fmt_percent


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
    with widgets.errors_shown("Cannot read the run"):
        run_id = st.selectbox("Run", history["run_id"], help="Newest first.")
        _protocol(history.set_index("run_id").loc[run_id, "protocol"])
        _headline(run_id)
        _metrics(run_id)
        left, right = st.columns(2, gap="large")
        with left:
            st.plotly_chart(runs_plots.training_curve(runs.training_curve(run_id)))
        with right:
            st.plotly_chart(runs_plots.feature_importance(runs.feature_importance(run_id)))
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
    bar = st.progress(0.0, text="Starting")
    started = datetime.now()

    def report(step: str, fraction: float) -> None:
        seconds = (datetime.now() - started).total_seconds()
        bar.progress(min(max(float(fraction), 0.0), 1.0), text=f"{step} ({seconds:.0f} s)")

    try:
        run_id = runs.build_run(task, report)
    except SoundcheckError as exc:
        widgets.show_error(exc, title="The build failed")
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
                f"Gain over {s['model_b']}",
                f"{s['mean_diff']:+.4f}",
                f"Paired over {int(s['n_users']):,} users: {s['ci_low']:+.4f} to "
                f"{s['ci_high']:+.4f} (95% bootstrap CI), Wilcoxon p = {s['p_value']:.2g}",
            )
        )
    widgets.kpi_row(kpis)
    if not sig.empty:
        s = sig.iloc[0]
        verdict = "significant" if s["ci_low"] > 0 or s["ci_high"] < 0 else "not significant"
        st.caption(
            f"NDCG@10 gain of the ranker over {s['model_b']}, paired over {int(s['n_users']):,} "
            f"test users: {s['mean_diff']:+.4f} (95% bootstrap interval {s['ci_low']:+.4f} to "
            f"{s['ci_high']:+.4f}; Wilcoxon signed-rank p = {s['p_value']:.2g}): {verdict}."
        )


def _metrics(run_id: str) -> None:
    table = runs.model_table(run_id)
    keys = [m.key for m in headline_metrics()]
    metric = st.segmented_control("Metric", keys, default="ndcg@10") or "ndcg@10"
    st.plotly_chart(runs_plots.model_comparison(table, metric))
    st.dataframe(
        table,
        hide_index=True,
        column_config={
            "model": st.column_config.TextColumn("Model"),
            **{
                m.key: st.column_config.NumberColumn(m.label, format="%.4f", help=m.definition)
                for m in headline_metrics()
            },
            "vs_best_baseline": st.column_config.NumberColumn("vs best baseline", format="%.2fx"),
            "share_of_oracle": st.column_config.NumberColumn("share of oracle", format="percent"),
        },
    )


def _details(run_id: str) -> None:
    details = runs.run_details(run_id)
    with st.expander("Protocol, timings and configuration"):
        split = details["split"]
        st.write("Split")
        st.json(split, expanded=False)
        st.write("Seconds per stage")
        st.json(details["timings"], expanded=False)
        if details["skipped"]:
            st.warning(
                "Skipped generators: "
                + "; ".join(f"{k}: {v}" for k, v in details["skipped"].items())
            )
        st.write("Configuration")
        st.json(details["config"], expanded=False)


def _history(history, run_id: str) -> None:  # type: ignore[no-untyped-def]
    st.subheader("Run history")
    st.dataframe(history, hide_index=True)
    others = [r for r in history["run_id"] if r != run_id]
    if not others:
        st.caption("Build another run to compare two side by side.")
        return
    other = st.selectbox("Compare with", others)
    st.dataframe(
        runs.compare_runs(other, run_id),
        hide_index=True,
        column_config={
            "a": st.column_config.NumberColumn(f"{other}", format="%.4f"),
            "b": st.column_config.NumberColumn(f"{run_id}", format="%.4f"),
            "change": st.column_config.NumberColumn("change", format="%+.4f"),
        },
    )


main()
