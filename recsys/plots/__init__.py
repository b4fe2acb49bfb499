"""Figures: plain functions from DataFrames to Plotly figures, one module per page family.

:mod:`recsys.plots.overview` (Overview), :mod:`recsys.plots.runs` (Runs); every figure shares
the look of :func:`style` and escapes labels from data with :func:`escape_labels`.
"""

from recsys.plots._style import ACCENT, GREY, GROUP_COLOURS, empty, escape_labels, style

__all__ = ["ACCENT", "GREY", "GROUP_COLOURS", "empty", "escape_labels", "style"]
