"""Explore › Data: browse the canonical tables a page at a time, and a read-only SQL console.
Layout and calls only: paging and filtering live in recsys.views.browse, the console in
recsys.views.console.
"""

from typing import Literal, cast

import streamlit as st

from recsys import sql
from recsys.errors import QueryError
from recsys.schema import CANONICAL_TABLES
from recsys.ui import data, widgets
from recsys.views.browse import Filter, columns_of

NO_FILTER = "(no filter)"


def main() -> None:
    """Render the page."""
    st.title("Data")
    browse_tab, console_tab = st.tabs(["Browse tables", "SQL console"])
    with browse_tab, widgets.errors_shown("Cannot browse this table"):
        _browser()
    with console_tab, widgets.errors_shown("Cannot run the query"):
        _console()


def _browser() -> None:
    table_col, column_col, op_col, value_col = st.columns([2, 2, 1.5, 3])
    table = table_col.selectbox("Table", list(CANONICAL_TABLES), key="browse-table")
    column = column_col.selectbox(
        "Filter column", [NO_FILTER, *columns_of(table)], key=f"browse-column-{table}"
    )
    filters: tuple[Filter, ...] = ()
    if column != NO_FILTER:
        op = op_col.selectbox("Condition", ["equals", "contains", "range"], key="browse-op")
        if op == "range":
            low_col, high_col = value_col.columns(2)
            low = low_col.text_input("From (inclusive)", key="browse-low")
            high = high_col.text_input("To (inclusive)", key="browse-high")
            filters = (Filter.between(column, low or None, high or None),)
        else:
            value = value_col.text_input("Value", key="browse-value")
            if value:
                filters = (Filter(column, cast(Literal["equals", "contains"], op), value=value),)
    widgets.paged_table(
        lambda limit, offset: data.browse(table, filters, limit=limit, offset=offset),
        key=f"browse-{table}",
    )


def _console() -> None:
    st.caption(
        "Read-only: external access and extensions are off, results are capped and queries "
        "time out."
    )
    with st.form("console"):
        text = st.text_area("Query", value=sql.load("console/example"), height=180)
        run = st.form_submit_button("Run", type="primary", icon=":material/play_arrow:")
    if run:
        try:
            st.session_state["console-result"] = data.run_sql(text)
            st.session_state["console-error"] = None
        except QueryError as exc:
            st.session_state["console-result"] = None
            st.session_state["console-error"] = exc
    if error := st.session_state.get("console-error"):
        widgets.show_error(error, title="Query failed")
    if result := st.session_state.get("console-result"):
        if result.truncated:
            st.warning(f"Showing the first {len(result.frame):,} rows: the result was cut there.")
        st.dataframe(result.frame, hide_index=True)
        rows = len(result.frame)
        st.caption(f"{rows:,} row{'' if rows == 1 else 's'} in {result.elapsed_s:.2f} s")


main()
