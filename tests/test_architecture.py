"""Data flows one way: raw → lines → tables/sections → narrative and performance frames →
disclosure → checks and analyses → processed files, notebooks. No module imports one on a
higher floor, and no imports run in a circle (function-local and type-only imports count)."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "zhuzhou_budget"

# Floor of each module (by dotted-name prefix, longest prefix wins).
FLOORS = {
    "zhuzhou_budget.errors": 0, "zhuzhou_budget.config": 0, "zhuzhou_budget.version": 0,
    "zhuzhou_budget.rounding": 0,
    "zhuzhou_budget.metadata": 0,  # tables, templates, output fields, labels: data only
    "zhuzhou_budget.sources": 1,  # the manifest, folders and file lists
    "zhuzhou_budget.extract": 1,
    "zhuzhou_budget.transform": 2,
    "zhuzhou_budget.disclosure": 3,
    "zhuzhou_budget.checks": 4,
    "zhuzhou_budget.analysis": 5,
    "zhuzhou_budget.storage": 5,  # output folders, safe writes, processed files, cache, by id
    "zhuzhou_budget.corpus": 5,  # batches of documents over build; the panel
    "zhuzhou_budget.reporting": 6,  # notebook context, charts, reader HTML, papermill batch
    "zhuzhou_budget.cli": 6, "zhuzhou_budget.course": 6,
    "zhuzhou_budget.__main__": 6, "zhuzhou_budget": 6,
}


def _modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        out[".".join(parts)] = path
    return out


def _floor(module: str) -> int:
    best = max((p for p in FLOORS if module == p or module.startswith(p + ".")), key=len)
    return FLOORS[best]


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            # `from pkg import mod` imports the module; `from mod import name`, the module.
            candidates = [f"{target}.{a.name}" for a in node.names
                          if f"{target}.{a.name}" in modules] or [target]
        elif isinstance(node, ast.Import):
            candidates = [a.name for a in node.names]
        else:
            continue
        # Importing a submodule runs its package's __init__ too, but that is the package's
        # own affair: an edge to an enclosing package is not counted.
        found |= {c for c in candidates if c in modules and c != name
                  and not name.startswith(c + ".")}
    return found


def _graph() -> dict[str, set[str]]:
    modules = _modules()
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def test_every_module_has_a_floor():
    assert all(_floor(m) >= 0 for m in _modules())
    assert "zhuzhou_budget.transform.narrative" in _modules()
    assert "zhuzhou_budget.extract.narrative" not in _modules()


def test_no_import_goes_up_a_floor():
    upward = sorted(f"{a} (floor {_floor(a)}) imports {b} (floor {_floor(b)})"
                    for a, targets in _graph().items() for b in targets
                    if _floor(b) > _floor(a) and not b.startswith(a + "."))
    assert upward == []


def test_no_import_circle():
    graph = _graph()
    # A package's __init__ may import its own submodules; a submodule importing its package's
    # __init__ back would be a circle, and is reported.
    circles = []
    state: dict[str, int] = {}

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                circles.append(" → ".join(stack[stack.index(nxt):] + [nxt]))
            elif nxt not in state:
                visit(nxt, stack + [nxt])
        state[node] = 2

    for start in sorted(graph):
        if start not in state:
            visit(start, [start])
    assert circles == []


def test_transform_functions_never_take_the_disclosure():
    for path in (PACKAGE / "transform").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert "Disclosure" not in text.replace("`Disclosure`", ""), path.name


def test_findings_fields_are_the_finding_dataclass_in_the_schema_order():
    from dataclasses import fields

    from zhuzhou_budget.checks import Finding
    from zhuzhou_budget.metadata.fields import columns

    assert [f.name for f in fields(Finding)] == columns("findings")


def test_at_most_ten_modules_at_the_top_and_every_package_has_one_floor():
    top = sorted(p.stem for p in PACKAGE.glob("*.py"))
    assert top == ["__init__", "__main__", "cli", "config", "disclosure", "errors", "rounding",
                   "version"]
    packages = sorted(p.name for p in PACKAGE.iterdir() if (p / "__init__.py").exists())
    assert all(f"zhuzhou_budget.{p}" in FLOORS for p in packages)
    # one entry per package: no floor names a module inside a package
    assert all(k.count(".") == 1 or k == "zhuzhou_budget" for k in FLOORS)
