"""Explore › Data: browse the warehouse's tables a page at a time, and a read-only SQL console.
Layout and calls only: paging, filtering and names live in recsys.views.browse, the console in
recsys.views.console.

The chosen tab and the console's query are kept in session state under keys no widget owns,
so they survive a visit to another page (Streamlit forgets the state of widgets it no longer
draws).
"""

from typing import Literal, cast

import streamlit as st

from recsys import sql
from recsys.errors import QueryError
from recsys.ui import data, widgets
from recsys.views.browse import Filter, column_help, columns_of, describe
from recsys.views.console import by_table

NO_FILTER = "(no filter)"
TABS = ("Browse tables", "SQL console")
# Session keys no widget owns: the chosen tab and the console's last submitted query.
TAB = "data-tab"
QUERY = "console-query"
OPS_HELP = (
    "equals: the whole value; text ignores case, and a date matches every time on that day. "
    "contains: the value anywhere in the column, read as text, ignoring case. "
    "range: from and to, both included; leave one empty for no bound."
)


def main() -> None:
    """Render the page."""
    st.title("Data")
    browse_tab, console_tab = st.tabs(
        list(TABS),
        default=st.session_state.get(TAB, TABS[0]),
        key="data-tabs",
        on_change=_remember_tab,
    )
    with browse_tab, widgets.errors_shown("Cannot browse this table"):
        _browser()
    with console_tab, widgets.errors_shown("Cannot run the query"):
        _console()


def _remember_tab() -> None:
    st.session_state[TAB] = st.session_state["data-tabs"]


def _browser() -> None:
    table_col, column_col, op_col, value_col = st.columns([2, 2, 1.5, 3])
    table = table_col.selectbox("Table", data.browse_tables(), key="browse-table")
    column = column_col.selectbox(
        "Filter column", [NO_FILTER, *columns_of(table)], key=f"browse-column-{table}"
    )
    filters: tuple[Filter, ...] = ()
    if column != NO_FILTER:
        op = op_col.selectbox(
            "Condition", ["equals", "contains", "range"], key="browse-op", help=OPS_HELP
        )
        where = f"{table}-{column}"  # a new column starts with an empty value
        if op == "range":
            low_col, high_col = value_col.columns(2)
            low = low_col.text_input("From (inclusive)", key=f"browse-low-{where}")
            high = high_col.text_input("To (inclusive)", key=f"browse-high-{where}")
            if low or high:
                filters = (Filter.between(column, low or None, high or None),)
        else:
            value = value_col.text_input("Value", key=f"browse-value-{where}")
            if value:
                filters = (Filter(column, cast(Literal["equals", "contains"], op), value=value),)
    st.caption(f"{table}: {describe(table)} Rest the pointer on a column header for its meaning.")
    try:
        data.check_filters(table, filters)
    except QueryError as exc:
        widgets.show_error(exc, title="Filter not applied")
        st.caption("Showing every row: the filter above is not applied.")
        filters = ()
    widgets.paged_table(
        lambda limit, offset: data.browse(table, filters, limit=limit, offset=offset),
        key=f"browse-{table}",
        column_help=column_help(table),
        why_empty=lambda: data.why_empty(table, filtered=bool(filters)),
    )


def _console() -> None:
    st.caption(
        "Read-only: external access and extensions are off, results are capped at 10,000 rows "
        "and queries stop after 10 seconds."
    )
    editor, tables = st.columns([3, 1], gap="medium")
    with editor:
        _editor()
    with tables:
        _tables()
    if error := st.session_state.get("console-error"):
        widgets.show_error(error, title="Query failed")
    if result := st.session_state.get("console-result"):
        if result.truncated:
            st.warning(f"Showing the first {len(result.frame):,} rows: the result was cut there.")
        st.dataframe(result.frame, hide_index=True)
        rows = len(result.frame)
        st.caption(f"{rows:,} row{'' if rows == 1 else 's'} in {result.elapsed_s:.2f} s")


def _editor() -> None:
    widgets.monospace("console-editor")
    with st.form("console"):
        text = st.text_area(
            "Query",
            value=st.session_state.get(QUERY, sql.load("console/example")),
            height=220,
            key="console-editor",
        )
        run = st.form_submit_button("Run", type="primary", icon=":material/play_arrow:")
    if run:
        st.session_state[QUERY] = text
        try:
            st.session_state["console-result"] = data.run_sql(text)
            st.session_state["console-error"] = None
        except QueryError as exc:
            st.session_state["console-result"] = None
            st.session_state["console-error"] = exc


def _tables() -> None:
    # One table at a time: a grid a table (three dozen of them) made the page's first paint
    # wait for every grid to be drawn.
    tables = by_table(data.catalog())
    table = st.selectbox(
        "Tables",
        list(tables),
        format_func=lambda name: f"{name} · {len(tables[name])} columns",
        key="console-catalog-table",
        help="Every table the console can query; pick one for its columns.",
    )
    st.dataframe(
        tables[table][["column", "type", "description"]],
        hide_index=True,
        height=260,
        column_config={"description": st.column_config.TextColumn(width="large")},
    )


main()
