"""The evaluation code must not depend on the model code it measures."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import recsys.evaluation

PACKAGE = Path(recsys.evaluation.__file__).parent


def imported_modules(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_no_source_file_imports_the_model_package() -> None:
    files = sorted(PACKAGE.rglob("*.py"))
    assert files
    for path in files:
        bad = {m for m in imported_modules(path) if m.startswith("recsys.model")}
        assert not bad, f"{path.name} imports {bad}"


def test_importing_evaluation_loads_no_model_module() -> None:
    code = (
        "import sys, recsys.evaluation; "
        "print(sorted(m for m in sys.modules if m.startswith(('recsys.model', 'implicit'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
