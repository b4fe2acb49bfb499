"""Audit › Report: download the self-contained HTML report and the JSON of a run's audit.
Layout and calls only: the report is built by recsys.audit from what the build stored."""

import streamlit as st

from recsys.audit import views
from recsys.errors import NotFittedError
from recsys.ui import audit as audit_ui
from recsys.ui import runs as run_data
from recsys.ui import widgets


def main() -> None:
    """Render the page."""
    st.title("Audit report")
    with widgets.errors_shown("Cannot build the report"):
        try:
            runs = audit_ui.audited_runs()
        except NotFittedError:
            st.info("No run has been audited yet: build a run on the Runs page.")
            return
        run_id = st.selectbox("Run", runs["run_id"], key="report-run", help="Newest first.")
        run_data.stale_notice(run_id, key="stale-report")
        st.caption(
            "One HTML page with every figure, interval, verdict, note and definition of the "
            "run's audit, for every set of lists audited (Soundcheck's own and any external "
            "list), side by side. It embeds its charts and plotly.js, so it opens offline and "
            "makes no network request. The JSON holds the same figures for other tools."
        )
        st.dataframe(
            audit_ui.sets(run_id).drop(columns=["config"]),
            hide_index=True,
            key="report-sets",
            column_config={
                "name": st.column_config.TextColumn("lists"),
                "test_window": st.column_config.CheckboxColumn(
                    "made for the test window", help="Accuracy by group is judged only then"
                ),
            },
        )
        st.dataframe(views.glance(audit_ui.figures(run_id)), hide_index=True, key="report-glance")
        with st.spinner("Building the report"):
            page = audit_ui.report_html_text(run_id)
            data = audit_ui.report_json_text(run_id)
        left, right = st.columns(2)
        left.download_button(
            "Download the HTML report",
            page,
            file_name=f"soundcheck-audit-{run_id}.html",
            mime="text/html",
            type="primary",
            icon=":material/download:",
            key="report-html",
            on_click="ignore",
        )
        right.download_button(
            "Download the JSON",
            data,
            file_name=f"soundcheck-audit-{run_id}.json",
            mime="application/json",
            icon=":material/data_object:",
            key="report-json",
            on_click="ignore",
        )
        st.caption(f"HTML {len(page.encode('utf-8')) / 1e6:.1f} MB · JSON {len(data) / 1e3:.0f} kB")


main()
