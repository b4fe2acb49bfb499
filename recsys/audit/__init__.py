"""The fairness and popularity-bias audit: figures with intervals and verdicts, on rankings.

Metrics are plain functions on long-format frames (:mod:`recsys.audit._popularity`,
:mod:`recsys.audit._beyond`, :mod:`recsys.audit._calibration`); groups are a registry of
attributes (:data:`ATTRIBUTES`); :func:`audit_lists` computes the whole suite for one set of
lists, with bootstrap intervals, disparity ratios and verdicts. The build computes it for
Soundcheck's own lists (``write_audit``), and ``soundcheck audit`` for any recommender's.
"""

from recsys.audit._bootstrap import FIGURE_COLUMNS, UNKNOWN, Verdict, verdict
from recsys.audit._config import AuditConfig
from recsys.audit._data import AuditData, load_audit_data
from recsys.audit._definitions import MetricDefinition, definition, definitions
from recsys.audit._groups import ATTRIBUTES, GroupAttribute, Unavailable, assign_groups, attribute
from recsys.audit._html import report_html
from recsys.audit._report import VERDICT_RULES, report_json
from recsys.audit._run import ExternalList, RunInfo, audit_external, read_list, run_info
from recsys.audit._stage import write_audit
from recsys.audit._store import OWN, check_name
from recsys.audit._suite import AuditResult, TestWindow, audit_lists

__all__ = [
    "ATTRIBUTES",
    "FIGURE_COLUMNS",
    "OWN",
    "UNKNOWN",
    "VERDICT_RULES",
    "AuditConfig",
    "AuditData",
    "AuditResult",
    "ExternalList",
    "GroupAttribute",
    "MetricDefinition",
    "RunInfo",
    "TestWindow",
    "Unavailable",
    "Verdict",
    "assign_groups",
    "attribute",
    "audit_external",
    "audit_lists",
    "check_name",
    "definition",
    "definitions",
    "load_audit_data",
    "read_list",
    "report_html",
    "report_json",
    "run_info",
    "verdict",
    "write_audit",
]
