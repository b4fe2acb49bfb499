"""SQL files, one query a file, loaded by name.

Values are always bound as ``$name`` parameters; a table or column name only ever comes from a
fixed allow-list in the calling module.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

__all__ = ["load"]


@cache
def load(name: str) -> str:
    """Return the text of ``recsys/sql/<name>.sql``.

    Args:
        name: file stem, for example ``"overview_kpis"``.

    Raises:
        FileNotFoundError: if no such query ships with Soundcheck.
    """
    return resources.files(__package__).joinpath(f"{name}.sql").read_text(encoding="utf-8")
