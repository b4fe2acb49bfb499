"""The sidebar's warehouse switcher: every warehouse of the folder, with its size, last build and
datasets; choosing one switches the whole session to it (see :func:`recsys.ui.data.choose`)."""

from __future__ import annotations

import streamlit as st

from recsys.ui import data, widgets
from recsys.views import warehouses as wh

__all__ = ["SWITCH_KEY", "warehouse_switcher"]

SWITCH_KEY = "warehouse-switch"
"""Prefix of the switcher's widget key (the current warehouse's name follows it)."""


def _switched(key: str) -> None:
    """The switcher's callback: switch the session to the chosen warehouse."""
    name = st.session_state.get(key)
    if isinstance(name, str):
        data.choose(name)


def warehouse_switcher() -> None:
    """In the sidebar: which warehouse the dashboard shows, and a menu of the others.

    Shows nothing when the folder holds no readable warehouse (the pages then offer to make
    one). Warehouses that cannot be read are named below the menu with the reason.
    """
    listed = data.warehouses()
    readable = [w for w in listed if w.problem is None]
    by_name = {w.name: w for w in readable}
    folder = data.warehouse_folder()
    asked = data.chosen_name()
    with st.sidebar:
        if asked is not None and asked not in by_name:
            data.choose(None)  # back to the configured warehouse
            problem = next((w.problem for w in listed if w.name == asked), None)
            why = (
                f"{asked} cannot be read: {problem}"
                if problem
                else (f"There is no warehouse called {asked} in {folder}")
            )
            st.warning(
                widgets.as_text(f"{why}. Showing {data.warehouse_path().name} instead."),
                icon=":material/warning:",
            )
        current = data.warehouse_path()
        current_name = current.name.removesuffix(wh.SUFFIX)
        if current.parent.resolve() != folder.resolve() or current_name not in by_name:
            current_name = ""
        if not readable:
            return
        names = list(by_name)
        key = f"{SWITCH_KEY}-{current_name or 'none'}"
        st.selectbox(
            "Warehouse",
            names,
            index=names.index(current_name) if current_name else None,
            format_func=lambda n: f"{n} · {wh.fmt_size(by_name[n].size_bytes)}",
            placeholder="Choose a warehouse",
            key=key,
            on_change=_switched,
            args=(key,),
            help=f"Each warehouse is one file in {folder} holding one body of data (the "
            "synthetic demo, or what you imported), so figures never mix them. Choosing one "
            "switches every page; the address keeps the choice.",
        )
        if current_name:
            st.caption(widgets.as_text(wh.describe(by_name[current_name], size=False)))
        unreadable = [w for w in listed if w.problem is not None]
        if unreadable:
            st.caption(
                widgets.as_text(
                    "Not listed: " + "; ".join(f"{w.name} ({w.problem})" for w in unreadable)
                )
            )
