"""The package's import graph: no module imports one that imports it back (directly or
around a loop), and the CLI's command modules never import the CLI package itself.

Only imports executed when a module loads count (not those inside functions, which run later,
nor ``TYPE_CHECKING`` blocks).
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "recsys"


def _module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _top_level_imports(
    tree: ast.Module, module: str, is_package: bool, modules: set[str]
) -> set[str]:
    """``from pkg import sub`` counts as importing ``pkg.sub`` (and ``pkg`` only for names
    that are not submodules)."""
    found: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            continue
        for sub in ast.walk(node) if isinstance(node, ast.If | ast.Try) else [node]:
            if isinstance(sub, ast.Import):
                found |= {a.name for a in sub.names}
            elif isinstance(sub, ast.ImportFrom):
                base = sub.module or ""
                if sub.level:
                    anchor = module.split(".")
                    anchor = anchor if is_package else anchor[:-1]
                    anchor = anchor[: len(anchor) - sub.level + 1]
                    base = ".".join([*anchor, base] if base else anchor)
                targets = {f"{base}.{a.name}" for a in sub.names}
                found |= targets & modules
                if targets - modules:
                    found.add(base)
    return {f for f in found if f == "recsys" or f.startswith("recsys.")}


def import_graph() -> dict[str, set[str]]:
    """Module -> the recsys modules it imports at load time."""
    paths = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    graph = {}
    for name, path in paths.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imports = _top_level_imports(tree, name, path.name == "__init__.py", set(paths))
        graph[name] = {i for i in imports if i in paths and i != name}
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected component with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                out.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def test_the_cycle_finder_finds_a_known_loop() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert cycles(graph) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_the_graph_sees_the_cli_package_wiring() -> None:
    graph = import_graph()
    assert {"recsys.cli.data", "recsys.cli.importing", "recsys.cli.model"} <= graph["recsys.cli"]
    assert "recsys.cli._common" in graph["recsys.cli.model"]


def test_no_module_imports_one_that_imports_it_back() -> None:
    assert cycles(import_graph()) == []


def test_cli_command_modules_never_import_the_cli_package() -> None:
    graph = import_graph()
    for module, imports in graph.items():
        if module.startswith("recsys.cli."):
            assert "recsys.cli" not in imports, module
