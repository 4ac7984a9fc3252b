"""The packages' layers: no import cycle (type-only imports included), a client free of Pulumi."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PROVIDER = Path(__file__).resolve().parents[2] / "provider"
PACKAGES = ("pulumi_sendgrid_reseller", "sendgrid_emulator")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PROVIDER).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _resolve(module: str, is_package: bool, level: int, target: str | None) -> str:
    if level == 0:
        return target or ""
    base = module.split(".")
    if not is_package:
        base.pop()
    base = base[: len(base) - (level - 1)]
    return ".".join([*base, target] if target else base)


def import_graph(package: str) -> dict[str, set[str]]:
    """Every module of ``package`` and the modules of the same package it imports.

    Every import statement counts, also those under ``if TYPE_CHECKING:`` or inside
    functions. ``from . import x`` counts as an import of ``x`` when ``x`` is a module.
    """
    files = sorted((PROVIDER / package).rglob("*.py"))
    modules = {_module_name(f): f for f in files}
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        is_package = path.name == "__init__.py"
        edges: set[str] = set()
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = _resolve(name, is_package, node.level, node.module)
                targets = [base]
                targets += [f"{base}.{alias.name}" for alias in node.names]
            else:
                continue
            for target in targets:
                if target in modules and target != name:
                    edges.add(target)
        graph[name] = edges
    return graph


def _parent_packages(graph: dict[str, set[str]], module: str) -> set[str]:
    parts = module.split(".")
    return {".".join(parts[:i]) for i in range(1, len(parts)) if ".".join(parts[:i]) in graph}


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The import cycles of the graph (one per strongly connected component)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    counter = [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return cycles


def without_package_parents(graph: dict[str, set[str]]) -> dict[str, set[str]]:
    """The graph without the edges from a module to the packages that contain it.

    Importing ``a.b.c`` runs ``a/__init__`` and ``a/b/__init__`` first; a module naming
    its own package (``from .. import _session``) resolves to a sibling module, which the
    graph already holds as its own edge. What stays is a real cycle.
    """
    return {
        m: {t for t in edges if t not in _parent_packages(graph, m)} for m, edges in graph.items()
    }


@pytest.mark.parametrize("package", PACKAGES)
def test_no_import_cycle(package: str) -> None:
    graph = without_package_parents(import_graph(package))
    assert len(graph) > 5, "the package's modules must have been found"
    assert find_cycles(graph) == []


def test_cycle_finder_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": set()}
    assert find_cycles(graph) == [["a", "b", "c"]]
    assert find_cycles({"a": {"b"}, "b": set()}) == []


def test_type_only_imports_count() -> None:
    graph = import_graph("pulumi_sendgrid_reseller")
    # config imports the client; the client's modules must not import config back,
    # not even under TYPE_CHECKING (which the graph includes).
    assert "pulumi_sendgrid_reseller.client" in graph["pulumi_sendgrid_reseller.config"]
    client_modules = [m for m in graph if m.startswith("pulumi_sendgrid_reseller.client")]
    assert client_modules
    for module in client_modules:
        assert "pulumi_sendgrid_reseller.config" not in graph[module], module


def test_client_knows_nothing_of_pulumi() -> None:
    for path in sorted((PROVIDER / "pulumi_sendgrid_reseller" / "client").rglob("*.py")):
        tree = ast.parse(path.read_text(), str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""] if node.level == 0 else []
            else:
                continue
            assert not any(n == "pulumi" or n.startswith("pulumi.") for n in names), path
        text = path.read_text().lower()
        assert "pulumi config" not in text and "sendgrid-reseller:" not in text, path
