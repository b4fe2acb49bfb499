"""Soundcheck dashboard: ``streamlit run app.py``.

Builds the navigation from the page registry (:mod:`recsys.ui.navigation`) and runs the chosen
page; an address that names no page gets a "page not found" page with links to every page, and
with no warehouse yet, a page that needs one is replaced by the demo-data prompt. The sidebar
switches between the warehouses of the data folder (``?warehouse=<name>`` keeps the choice).
"""

from pathlib import Path

import streamlit as st

from recsys.ui import charts, data, navigation, switcher, widgets

# The tab icon ships with the app: a Material icon name would be fetched from a font CDN.
FAVICON = Path(__file__).resolve().parent / "app_static" / "favicon.png"

st.set_page_config(page_title="Soundcheck", page_icon=str(FAVICON), layout="wide")
pages = navigation.build()
page = st.navigation(pages)
switcher.warehouse_switcher()
if (missing := navigation.unknown_path(page)) is not None:
    widgets.page_not_found(missing, pages)
elif navigation.spec_of(page).needs_warehouse and not data.warehouse_exists():
    widgets.demo_warehouse_prompt(data.warehouse_path())
else:
    if navigation.spec_of(page).charts:
        with st.sidebar:  # before the page's script runs, not after it
            charts.preload()
    page.run()
