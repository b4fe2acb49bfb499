"""Soundcheck dashboard: ``streamlit run app.py``.

Builds the navigation from the page registry (:mod:`recsys.ui.navigation`) and runs the chosen
page; with no warehouse yet, a page that needs one is replaced by the demo-data prompt.
"""

import streamlit as st

from recsys.ui import data, navigation, widgets

st.set_page_config(page_title="Soundcheck", page_icon=":material/graphic_eq:", layout="wide")
page = st.navigation(navigation.build())
if navigation.spec_of(page).needs_warehouse and not data.warehouse_exists():
    widgets.demo_warehouse_prompt(data.warehouse_path())
else:
    page.run()
