"""Helpers of the tag tests: read a warehouse with a query."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from recsys import warehouse


def query(path: Path, text: str, params: dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
    """Every row of a query on the warehouse at ``path`` (opened read-only)."""
    con = warehouse.open_readonly(path)
    try:
        return con.execute(text, params or {}).fetchall()
    finally:
        con.close()
