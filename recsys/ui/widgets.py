"""Widgets the pages share: a KPI row, a paged table, error display, the no-warehouse prompt,
a definition one click away, a monospace text area and the page-not-found page.

Text that comes from data or from an error message is shown as text, in a table or escaped with
:func:`as_text`; never as Markdown or HTML.
"""

from __future__ import annotations

import math
import re
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NamedTuple

import pandas as pd
import streamlit as st
from streamlit.navigation.page import StreamlitPage

from recsys.errors import SoundcheckError
from recsys.ui import data, navigation
from recsys.views.browse import BrowsePage

__all__ = [
    "Kpi",
    "as_text",
    "definition",
    "demo_warehouse_prompt",
    "errors_shown",
    "fmt_count",
    "fmt_date",
    "fmt_number",
    "fmt_percent",
    "kpi_row",
    "monospace",
    "page_not_found",
    "paged_table",
    "show_error",
]

_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
"""Every ASCII punctuation character (the ranges between letters and digits)."""

MISSING = "—"
"""What a KPI shows when the dataset has no value for it."""


class Kpi(NamedTuple):
    """One metric of a KPI row: a label, the formatted value and an optional help text."""

    label: str
    value: str
    help: str | None = None


def fmt_count(n: Any) -> str:
    """A whole number with thousands separators (``"12,345"``), or a dash when missing."""
    return MISSING if _missing(n) else f"{int(n):,}"


def fmt_number(x: Any, digits: int = 0) -> str:
    """A number with thousands separators and ``digits`` decimals, or a dash when missing."""
    return MISSING if _missing(x) else f"{float(x):,.{digits}f}"


def fmt_percent(x: Any, digits: int = 1) -> str:
    """A share as a percentage (``0.123`` → ``"12.3%"``), or a dash when missing."""
    return MISSING if _missing(x) else f"{float(x):.{digits}%}"


def fmt_date(ts: Any) -> str:
    """A timestamp as its date (``"2025-11-01"``), or a dash when missing."""
    return MISSING if _missing(ts) else pd.Timestamp(ts).strftime("%Y-%m-%d")


def _missing(x: Any) -> bool:
    if x is None or x is pd.NaT:
        return True
    return isinstance(x, float) and math.isnan(x)


def kpi_row(kpis: Sequence[Kpi]) -> None:
    """Show metrics side by side as cards that wrap onto another line rather than cut a value.

    The cards sit in a wrapping horizontal container: each starts as wide as its label and
    value and then grows to share the row, so on a narrow window a row of four becomes two
    rows of two (or four rows of one) instead of showing ``3,…``.
    """
    with st.container(horizontal=True, gap="small"):
        for kpi in kpis:
            st.metric(kpi.label, kpi.value, help=kpi.help, border=True, width="stretch")


def paged_table(
    fetch: Callable[[int, int], BrowsePage],
    *,
    key: str,
    page_sizes: Sequence[int] = (25, 50, 100, 250),
    column_help: Mapping[str, str] | None = None,
    why_empty: Callable[[], str] | None = None,
) -> BrowsePage:
    """One page of rows, with a page picker, the total count and a page-size choice below it.

    The controls sit under the table, so their values are read from session state (where
    Streamlit puts a widget's new value before the rerun) before the page is fetched.

    Args:
        fetch: returns the page for ``(limit, offset)`` along with the matching row count.
        key: a prefix for the widget keys, unique on the page.
        page_sizes: the page sizes offered (the second one is the default).
        column_help: a description per column, shown when the pointer rests on its header.
        why_empty: says why there are no rows, shown instead of the row count when there are
            none.

    Returns:
        The page shown.
    """
    size_key, page_key = f"{key}-size", f"{key}-page"
    default_size = min(1, len(page_sizes) - 1)
    size = int(st.session_state.get(size_key, page_sizes[default_size]))
    number = int(st.session_state.get(page_key, 1))
    page = fetch(size, (number - 1) * size)
    n_pages = max(1, math.ceil(page.total / size))
    if number > n_pages:  # the filter or page size changed; st.pagination resets to 1 too
        number = 1
        page = fetch(size, 0)
    helps = column_help or {}
    config = {c: st.column_config.Column(help=helps[c]) for c in page.frame.columns if c in helps}
    st.dataframe(page.frame, hide_index=True, column_config=config)
    pager, count, sizes = st.columns([4, 3, 1.2], vertical_alignment="center")
    with pager:
        st.pagination(n_pages, key=page_key)
    first = min(page.offset + 1, page.total)
    last = page.offset + len(page.frame)
    if page.total == 0 and why_empty is not None:
        count.caption(why_empty())
    else:
        count.caption(f"Rows {first:,}–{last:,} of {page.total:,} · page {number:,} of {n_pages:,}")
    sizes.selectbox("Rows per page", page_sizes, index=default_size, key=size_key)
    return page


def definition(term: str, text: str, *, key: str | None = None) -> None:
    """A small "What is …?" button that opens the definition of ``term``: one click away.

    Args:
        term: what is defined, as the page names it (``"Gini"``, ``"partial week"``).
        text: the definition, in Markdown written by us (never text from data).
        key: a key, when the same term is defined twice on a page.
    """
    with st.popover(f"What is {term}?", type="tertiary", icon=":material/help:", key=key):
        st.markdown(text)


def monospace(key: str) -> None:
    """Set the text area with widget key ``key`` in the code font (for SQL, say).

    Streamlit gives a keyed widget the CSS class ``st-key-<key>``; the rule goes to the page's
    event container, so it takes no space. The font is the one Streamlit ships for code.
    """
    if not re.fullmatch(r"[A-Za-z0-9_-]+", key):
        raise ValueError(f"not a CSS-safe widget key: {key!r}")
    st.html(
        f"<style>.st-key-{key} textarea {{ font-family: 'Source Code Pro', monospace; "
        "font-size: 0.875rem; }</style>"
    )


def show_error(exc: BaseException, *, title: str = "Something went wrong") -> None:
    """Show an error message as plain text inside ``st.error`` (never as Markdown)."""
    st.error(as_text(str(exc)), title=title, icon=":material/error:")


@contextmanager
def errors_shown(title: str = "Something went wrong") -> Iterator[None]:
    """Run a block, showing a :class:`SoundcheckError` it raises with :func:`show_error`.

    Other exceptions (bugs) and Streamlit's own control flow (``st.stop``, ``st.rerun``) pass
    through untouched.
    """
    try:
        yield
    except SoundcheckError as exc:
        show_error(exc, title=title)


def demo_warehouse_prompt(path: Path) -> None:
    """Say there is no warehouse yet and offer to generate the demo data, with progress."""
    st.title("Welcome to Soundcheck")
    st.info(
        "There is no warehouse yet, so there is nothing to show. Generate the synthetic demo "
        "data (usually under a minute), import your own data with `soundcheck import`, or point "
        "`SOUNDCHECK_WAREHOUSE` at an existing warehouse. The warehouse is expected at:",
        icon=":material/database:",
    )
    st.code(str(path), language=None)
    if not st.button("Generate demo data", type="primary", icon=":material/auto_awesome:"):
        return
    bar = st.progress(0.0, text="Starting")
    started = time.monotonic()

    def report(step: str, fraction: float) -> None:
        seconds = time.monotonic() - started
        bar.progress(min(max(float(fraction), 0.0), 1.0), text=f"{step} ({seconds:.0f} s)")

    try:
        data.generate_demo(progress=report)
    except SoundcheckError as exc:
        show_error(exc, title="Could not generate the demo data")
        return
    st.rerun()


def page_not_found(path: str, pages: dict[str, list[StreamlitPage]]) -> None:
    """Say that no page lives at ``/path``, suggest the page probably meant, link to every page.

    Args:
        path: the path the browser asked for (shown as text, never as Markdown).
        pages: the navigation's pages by section, as :func:`navigation.build` returns them.
    """
    st.title("Page not found")
    st.markdown(as_text(f"There is no page at /{path}."))
    by_title = {page.title: page for section in pages.values() for page in section}
    guess = navigation.closest(path)
    if guess is not None and guess.title in by_title:
        st.markdown(f"Did you mean {guess.title}?")
        st.page_link(by_title[guess.title], label=guess.title, icon=guess.icon)
    st.subheader("Pages")
    for section, section_pages in pages.items():
        st.caption(section)
        for page in section_pages:
            st.page_link(page, label=page.title, icon=page.icon)


def as_text(text: str) -> str:
    """Markdown that shows ``text`` literally: for Streamlit elements that only take Markdown.

    Every ASCII punctuation character is backslash-escaped (CommonMark allows this for all of
    them), which also defuses Streamlit's own ``:icon:``, ``:red[...]`` and ``$math$`` syntax.
    Line breaks are kept as hard breaks and leading spaces as no-break spaces, so that an
    indented line is not read as a code block.
    """
    lines = []
    for line in text.splitlines() or [""]:
        body = line.lstrip(" ")
        indent = "\u00a0" * (len(line) - len(body))
        lines.append(indent + _PUNCTUATION.sub(r"\\\1", body))
    return "  \n".join(lines)
