"""recsys/ never imports streamlit, except recsys/ui/ (docs/architecture.md: layers)."""

from __future__ import annotations

import ast
from pathlib import Path

import recsys

PACKAGE = Path(recsys.__file__).resolve().parent


def _streamlit_imports(path: Path) -> list[int]:
    """Line numbers of ``import streamlit...`` and ``from streamlit... import`` in a module."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names = [node.module or ""]
        else:
            continue
        if any(name == "streamlit" or name.startswith("streamlit.") for name in names):
            lines.append(node.lineno)
    return lines


def test_the_checker_finds_streamlit_imports(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text(
        "import os\nimport streamlit as st\ndef f():\n    from streamlit.testing import v1\n"
    )
    assert _streamlit_imports(module) == [2, 4]


def test_recsys_outside_ui_does_not_import_streamlit() -> None:
    ui = PACKAGE / "ui"
    modules = [p for p in PACKAGE.rglob("*.py") if ui not in p.parents]
    assert len(modules) > 5  # the walk found the package
    offenders = {
        str(p.relative_to(PACKAGE)): lines for p in modules if (lines := _streamlit_imports(p))
    }
    assert offenders == {}
