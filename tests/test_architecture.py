"""Data flows one way: raw → lines → tables/sections → narrative and performance frames →
disclosure → checks and analyses → processed files, notebooks. No module imports one on a
higher floor, and no imports run in a circle (function-local and type-only imports count).
Outside extract/, a read table is the public model (extract.table_model), never the parser's
internals; no module imports another's private (underscored) names."""

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


def _source(node: ast.ImportFrom, package: str) -> str:
    """The module a `from … import` reads from, a relative one resolved against `package`."""
    if not node.level:
        return node.module or ""
    base = package.split(".")[: len(package.split(".")) - node.level + 1]
    return ".".join(base + ([node.module] if node.module else []))


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            target = _source(node, package)
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


def _from_imports(name: str, path: Path, source: str | None = None
                  ) -> list[tuple[str, str, str, int]]:
    """(module imported from, name imported, local name, line) of every import of a module,
    relative imports resolved; `import a.b.c` gives (a.b, c, a.b.c)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    tree = ast.parse(source if source is not None else path.read_text(encoding="utf-8"))
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            target = _source(node, package)
            out += [(target, a.name, a.asname or a.name, node.lineno) for a in node.names]
        elif isinstance(node, ast.Import):
            out += [(*a.name.rpartition(".")[::2], a.asname or a.name, node.lineno)
                    for a in node.names]
    return out


# What a module outside extract/ may take from the table parser: the load entry point.
PARSER = "zhuzhou_budget.extract.tables"
LOAD_ENTRY_POINTS = {"zhuzhou_budget.disclosure": {"find_tables"}}


def test_outside_extract_a_table_is_the_public_model_not_the_parser():
    modules = _modules()
    offenders = []
    for name, path in modules.items():
        if name.startswith("zhuzhou_budget.extract"):
            continue
        for target, imported, _, line in _from_imports(name, path):
            full = f"{target}.{imported}"
            if full == PARSER or (target == PARSER and imported not in LOAD_ENTRY_POINTS.get(
                    name, set())):
                offenders.append(f"{name}:{line} imports {full}")
    assert offenders == []
    # The checks and the transform stage do read tables: through the model.
    graph = _graph()
    assert "zhuzhou_budget.extract.table_model" in graph["zhuzhou_budget.checks.engine.sums"]
    assert "zhuzhou_budget.extract.table_model" in graph["zhuzhou_budget.transform.frames"]


def _private_imports(name: str, path: Path, modules: dict[str, Path],
                     source: str | None = None) -> list[str]:
    """Imports of another package module's underscored names (`from .x import _y`), and uses
    of one through its module (`x._y`)."""
    found = []
    aliases = {}  # local name → the package module it stands for
    for target, imported, local, line in _from_imports(name, path, source):
        if f"{target}.{imported}" in modules:
            aliases[local] = f"{target}.{imported}"
        elif (target in modules and target != name and imported.startswith("_")
              and not imported.startswith("__")):
            found.append(f"{name}:{line} imports {target}.{imported}")
    tree = ast.parse(source if source is not None else path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
                and node.value.id in aliases and node.attr.startswith("_")
                and not node.attr.startswith("__")):
            found.append(f"{name}:{node.lineno} uses {aliases[node.value.id]}.{node.attr}")
        if (isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "__all__"
                                                 for t in node.targets)):
            found += [f"{name}:{node.lineno} lists {e.value} in __all__"
                      for e in ast.walk(node.value)
                      if isinstance(e, ast.Constant) and str(e.value).startswith("_")]
    return found


def test_no_module_imports_a_private_name_of_another():
    modules = _modules()
    offenders = [f for name, path in sorted(modules.items())
                 for f in _private_imports(name, path, modules)]
    assert offenders == []


def test_the_private_name_rule_sees_each_form():
    modules = _modules()
    path = PACKAGE / "extract" / "probe.py"
    source = ("from .tables import _parse_region, find_tables\n"
              "from . import table_rows\n"
              "from ..extract import titles as t\n"
              "from .probe import _mine\n"
              "__all__ = ['find_tables', '_hidden']\n"
              "table_rows._CODE_PART_LEAF, t._SENTENCE, t.__name__\n")
    found = _private_imports("zhuzhou_budget.extract.probe", path, modules, source)
    # its own private name (_mine) and a dunder (__name__) are not reported
    assert sorted(found) == sorted([
        "zhuzhou_budget.extract.probe:1 imports zhuzhou_budget.extract.tables._parse_region",
        "zhuzhou_budget.extract.probe:5 lists _hidden in __all__",
        "zhuzhou_budget.extract.probe:6 uses zhuzhou_budget.extract.table_rows._CODE_PART_LEAF",
        "zhuzhou_budget.extract.probe:6 uses zhuzhou_budget.extract.titles._SENTENCE",
    ])
