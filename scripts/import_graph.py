"""The shape of a package's imports: modules, arrows, levels and circles (imports under TYPE_CHECKING included).

    .venv/bin/python scripts/import_graph.py scenario_core scenario_lsp

For each package: how many modules it has (its ``__init__`` faces left out),
how many import arrows run between them, how many levels the longest chain
of imports has, and every circle (modules that import each other, directly
or not). The graph is import-linter's (grimp), the one `make layers` checks.
"""
from __future__ import annotations

import argparse
import sys

import grimp


def shape(package: str) -> dict[str, object]:
    graph = grimp.build_graph(package, include_external_packages=False)
    modules = sorted(m for m in graph.modules if m.startswith(package) and not _is_face(graph, m))
    arrows = {
        (a, b)
        for a in modules
        for b in graph.find_modules_directly_imported_by(a)
        if b in modules and a != b
    }
    circles = _circles(modules, arrows)
    return {"modules": len(modules), "arrows": len(arrows), "levels": _levels(modules, arrows, circles), "circles": circles}


def _is_face(graph: grimp.ImportGraph, module: str) -> bool:
    """A package's ``__init__``: it names the package's face and is not a room of its own."""
    return bool(graph.find_children(module))


def _circles(modules: list[str], arrows: set[tuple[str, str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan's algorithm)."""
    out: dict[str, list[str]] = {m: [] for m in modules}
    for a, b in sorted(arrows):
        out[a].append(b)
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        on_stack.add(module)
        for other in out[module]:
            if other not in index:
                visit(other)
                low[module] = min(low[module], low[other])
            elif other in on_stack:
                low[module] = min(low[module], index[other])
        if low[module] == index[module]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == module:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    sys.setrecursionlimit(10_000)
    for module in modules:
        if module not in index:
            visit(module)
    return sorted(found)


def _levels(modules: list[str], arrows: set[tuple[str, str]], circles: list[list[str]]) -> int:
    """The number of modules on the longest chain of imports (a circle counts as one module)."""
    group = {m: m for m in modules}
    for circle in circles:
        for m in circle:
            group[m] = circle[0]
    out: dict[str, set[str]] = {}
    for a, b in arrows:
        if group[a] != group[b]:
            out.setdefault(group[a], set()).add(group[b])
    depth: dict[str, int] = {}

    def level(module: str) -> int:
        if module not in depth:
            depth[module] = 1 + max((level(b) for b in out.get(module, ())), default=0)
        return depth[module]

    return max((level(group[m]) for m in modules), default=0)


def main(packages: list[str]) -> int:
    for package in packages:
        found = shape(package)
        print(f"{package}: {found['modules']} modules, {found['arrows']} arrows, {found['levels']} levels, {len(found['circles'])} circles")  # type: ignore[arg-type]
        for circle in found["circles"]:  # type: ignore[attr-defined]
            print("  circle: " + " -> ".join(circle))
    return 0


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="The shape of each package's imports: modules, arrows, levels and circles.")
    parser.add_argument("packages", nargs="*", default=["scenario_core", "scenario_lsp", "scenario_harness"], metavar="PACKAGE")
    sys.exit(main(parser.parse_args().packages))
