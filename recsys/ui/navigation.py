"""The page registry: which pages the dashboard lists, under which section.

Only pages that work are listed. To add a page, write ``app_pages/<name>.py`` and append a
:class:`PageSpec` to :data:`PAGES`; ``app.py`` builds ``st.navigation`` from this list.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final
from urllib.parse import unquote, urlsplit

import streamlit as st
from streamlit.navigation.page import StreamlitPage

__all__ = [
    "PAGES",
    "ROOT",
    "SECTIONS",
    "PageSpec",
    "build",
    "closest",
    "requested_path",
    "spec_of",
    "unknown_path",
]

ROOT: Final = Path(__file__).resolve().parents[2]
"""The repository root, where ``app.py`` and ``app_pages/`` live."""

SECTIONS: Final = ("Explore", "Recommend", "Audit", "Discover", "Model")
"""Sections in navigation order (docs/architecture.md lists their pages); others follow them."""


@dataclass(frozen=True)
class PageSpec:
    """One dashboard page.

    Attributes:
        section: the navigation section (one of :data:`SECTIONS`, or a new one).
        title: the page title shown in the navigation; unique.
        path: the page script, relative to the repository root.
        url_path: the page's URL path; unique.
        icon: a Material icon (``":material/name:"``) or an emoji.
        needs_warehouse: whether the page reads the warehouse (when there is none, the app
            offers to generate the demo data instead of running such a page).
        charts: whether the page draws charts (``recsys.ui.charts``); the app then starts
            loading the chart library before the page's script runs.
    """

    section: str
    title: str
    path: str
    url_path: str
    icon: str
    needs_warehouse: bool = True
    charts: bool = True


PAGES: list[PageSpec] = [
    PageSpec("Explore", "Overview", "app_pages/overview.py", "overview", ":material/insights:"),
    PageSpec("Explore", "Data", "app_pages/data.py", "data", ":material/table_view:", charts=False),
    PageSpec("Model", "Runs", "app_pages/runs.py", "runs", ":material/model_training:"),
    PageSpec(
        "Audit",
        "Popularity & fairness",
        "app_pages/fairness.py",
        "fairness",
        ":material/balance:",
    ),
    PageSpec("Audit", "Mitigation", "app_pages/mitigation.py", "mitigation", ":material/tune:"),
    PageSpec(
        "Audit", "Report", "app_pages/report.py", "report", ":material/summarize:", charts=False
    ),
    PageSpec(
        "Recommend",
        "User explorer",
        "app_pages/user_explorer.py",
        "user-explorer",
        ":material/person_search:",
    ),
    PageSpec(
        "Recommend",
        "Explanations",
        "app_pages/explanations.py",
        "explanations",
        ":material/lightbulb:",
    ),
    PageSpec(
        "Discover", "Genre map", "app_pages/genre_map.py", "genre-map", ":material/scatter_plot:"
    ),
    PageSpec("Discover", "Emerging", "app_pages/emerging.py", "emerging", ":material/trending_up:"),
    PageSpec(
        "Explore",
        "Import",
        "app_pages/import_data.py",
        "import",
        ":material/upload_file:",
        needs_warehouse=False,
        charts=False,
    ),
]
"""Every page the dashboard lists, in order within each section; the first is the default."""


def build(specs: Sequence[PageSpec] = PAGES) -> dict[str, list[StreamlitPage]]:
    """The ``st.navigation`` argument: pages grouped by section, sections in a fixed order.

    Raises:
        ValueError: two specs share a title or a URL path.
    """
    for attr in ("title", "url_path"):
        values = [getattr(s, attr) for s in specs]
        if len(set(values)) != len(values):
            raise ValueError(f"page {attr}s must be unique: {values}")
    order = list(SECTIONS) + [s.section for s in specs if s.section not in SECTIONS]
    sections: dict[str, list[StreamlitPage]] = {}
    for section in dict.fromkeys(order):
        pages = [_page(s, default=s is specs[0]) for s in specs if s.section == section]
        if pages:
            sections[section] = pages
    return sections


def spec_of(page: StreamlitPage, specs: Sequence[PageSpec] = PAGES) -> PageSpec:
    """The spec of a page that :func:`build` made (titles are unique).

    Raises:
        KeyError: the page does not come from ``specs``.
    """
    for spec in specs:
        if spec.title == page.title:
            return spec
    raise KeyError(page.title)


def unknown_path(page: StreamlitPage) -> str | None:
    """The path the browser asked for when it names no page, else None.

    For an address it does not know, Streamlit runs the default page. The default page lives at
    the root, so a non-empty path that lands on it names no page.
    """
    if page.url_path:
        return None
    return requested_path(st.context.url, str(st.get_option("server.baseUrlPath") or ""))


def requested_path(url: str | None, base: str = "") -> str | None:
    """The path of ``url`` below the app's base path, without slashes; None for the root."""
    if not url:
        return None
    path = unquote(urlsplit(url).path).strip("/")
    prefix = base.strip("/")
    if prefix and (path == prefix or path.startswith(prefix + "/")):
        path = path[len(prefix) :].strip("/")
    return path or None


def closest(path: str, specs: Sequence[PageSpec] = PAGES) -> PageSpec | None:
    """The page a mistyped path most likely meant: its URL path or title in another case, or
    a near miss (``/overveiw``); None when nothing is close."""
    key = path.strip("/").casefold()
    for spec in specs:
        if key in (spec.url_path.casefold(), spec.title.casefold()):
            return spec
    names = {spec.url_path.casefold(): spec for spec in specs}
    match = difflib.get_close_matches(key, list(names), n=1, cutoff=0.75)
    return names[match[0]] if match else None


def _page(spec: PageSpec, *, default: bool) -> StreamlitPage:
    return st.Page(
        ROOT / spec.path,
        title=spec.title,
        icon=spec.icon,
        url_path=spec.url_path,
        default=default,
    )
