"""The dashboard's Streamlit layer: page registry, cached warehouse accessors, shared widgets.

With ``app.py`` and ``app_pages/``, this is the only code that imports streamlit; the rest of
``recsys`` stays usable from the CLI, notebooks and tests without it.
"""
