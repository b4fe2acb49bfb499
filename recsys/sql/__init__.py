"""SQL files, one query a file, grouped by stage and loaded by path.

``recsys/sql/<stage>/<name>.sql``: ``schema/`` (canonical and build tables), ``import/``
(``stage/``, ``load/``, ``formats/`` …), ``model/``, ``overview/``, ``runs/``, ``console/``.
Callers name the file in full (``sql.load("overview/kpis")``), so every query is found by
grepping for its path. Values are always bound as ``$name`` parameters; a table or column name
only ever comes from a fixed allow-list in the calling module.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

__all__ = ["load"]


@cache
def load(name: str) -> str:
    """Return the text of ``recsys/sql/<name>.sql``.

    Args:
        name: path below ``recsys/sql`` without the suffix, for example ``"overview/kpis"``.

    Raises:
        FileNotFoundError: if no such query ships with Soundcheck.
    """
    parts = name.split("/")
    if any(part in ("", ".", "..") for part in parts):
        raise FileNotFoundError(f"not a query name: {name!r}")
    node = resources.files(__package__)
    for part in parts[:-1]:
        node = node.joinpath(part)
    return node.joinpath(f"{parts[-1]}.sql").read_text(encoding="utf-8")
