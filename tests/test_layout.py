"""The package's shape: no import cycles, no deferred imports, short functions and modules,
no hand-written JSON too long to review, and no component type named in shared code.

The import graph is built statically from every module's ``import`` and ``from ... import``
statements (module level and inside functions), with relative imports resolved.
"""
import ast
import json
import re
from collections import defaultdict
from pathlib import Path

import pytest

from awsarch_compiler.core.codes import STAGES
from awsarch_compiler.core.naming import LAYERS
from awsarch_compiler.types import registry

from conftest import ROOT

PACKAGE = ROOT / "awsarch_compiler"
MAX_FUNCTION, MAX_MODULE, MAX_JSON = 60, 300, 1500
SHARED = ("core", "platform", "schema")  # shared code: it may not know any component type by name


def modules() -> dict[str, Path]:
    out = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


MODULES = modules()


def _resolve(name: str, path: Path, node: ast.ImportFrom) -> str:
    if node.level == 0:
        return node.module or ""
    base = name.split(".") if path.name == "__init__.py" else name.split(".")[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _deepest(dotted: str) -> str | None:
    parts = dotted.split(".")
    for k in range(len(parts), 0, -1):
        if ".".join(parts[:k]) in MODULES:
            return ".".join(parts[:k])
    return None


def imports(name: str, path: Path) -> list[tuple[str, int, bool]]:
    """(imported project module, line, inside a function) for every import in the module."""
    out = []

    def visit(node, in_function):
        for child in ast.iter_child_nodes(node):
            inner = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(child, ast.Import):
                out.extend((t, child.lineno, in_function) for t in map(_deepest, (a.name for a in child.names)) if t)
            elif isinstance(child, ast.ImportFrom):
                source = _resolve(name, path, child)
                for alias in child.names:
                    target = f"{source}.{alias.name}" if f"{source}.{alias.name}" in MODULES else _deepest(source)
                    if target and target != name:
                        out.append((target, child.lineno, in_function))
            visit(child, inner)

    visit(ast.parse(path.read_text(encoding="utf-8")), False)
    return out


GRAPH = {name: imports(name, path) for name, path in MODULES.items()}


def _cycles() -> list[list[str]]:
    """Strongly connected components of two or more modules (Tarjan, iterative)."""
    edges = {n: sorted({t for t, _, _ in imps}) for n, imps in GRAPH.items()}
    index, low, on, stack, found, counter = {}, {}, set(), [], [], [0]
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(edges[start]))]
        index[start] = low[start] = counter[0]
        counter[0] += 1
        stack.append(start)
        on.add(start)
        while work:
            node, it = work[-1]
            nxt = next(it, None)
            if nxt is None:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    comp = []
                    while True:
                        member = stack.pop()
                        on.discard(member)
                        comp.append(member)
                        if member == node:
                            break
                    if len(comp) > 1:
                        found.append(sorted(comp))
            elif nxt not in index:
                index[nxt] = low[nxt] = counter[0]
                counter[0] += 1
                stack.append(nxt)
                on.add(nxt)
                work.append((nxt, iter(edges.get(nxt, ()))))
            elif nxt in on:
                low[node] = min(low[node], index[nxt])
    return found


def test_the_import_graph_is_built():
    assert len(MODULES) > 50
    assert any(imps for imps in GRAPH.values())


def test_no_import_cycles():
    assert _cycles() == []


def test_a_cycle_would_be_found():
    """The detector itself works: a fake back edge from core to a type package closes a cycle."""
    GRAPH["awsarch_compiler.core.model"].append(("awsarch_compiler.types.queue", 1, False))
    try:
        assert _cycles()
    finally:
        GRAPH["awsarch_compiler.core.model"].pop()


def test_no_function_level_imports_of_project_modules():
    deferred = [f"{MODULES[n].relative_to(ROOT)}:{line} -> {t}" for n, imps in GRAPH.items()
                for t, line, inner in imps if inner]
    assert deferred == []


def test_functions_and_modules_are_short():
    long_functions, long_modules = [], []
    for path in MODULES.values():
        text = path.read_text(encoding="utf-8")
        if len(text.splitlines()) > MAX_MODULE:
            long_modules.append(str(path.relative_to(ROOT)))
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.end_lineno - node.lineno + 1 > MAX_FUNCTION:
                long_functions.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.name}")
    assert long_functions == []
    assert long_modules == []


def test_hand_written_json_is_short():
    """Fragments, data tables and common definitions stay reviewable; the built schema may be long."""
    published = ROOT / "schemas" / "awsarch.schema.json"
    for path in sorted(PACKAGE.rglob("*.json")):
        if path == PACKAGE / "schema" / "awsarch.schema.json":  # the built schema's installed copy
            assert path.read_bytes() == published.read_bytes()
            continue
        lines = len(path.read_text(encoding="utf-8").splitlines())
        assert lines <= MAX_JSON, f"{path.relative_to(ROOT)} has {lines} lines"
        json.loads(path.read_text(encoding="utf-8"))
    assert published.is_file()


def test_shared_code_names_no_component_type():
    """Core, platform and schema reach types only through the registry and the base type's hooks."""
    # 'pipeline' is also a stack layer and a module of the compiler (pipeline.py): those are not the type
    homonyms = set(LAYERS) | {m for stage in STAGES.values() for m in stage.modules}
    names = sorted(set(registry()) - homonyms, key=len, reverse=True)
    pattern = re.compile("|".join(re.escape(n) for n in names))
    found = []
    for name, path in MODULES.items():
        parts = name.split(".")
        if len(parts) < 2 or parts[1] not in SHARED:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and pattern.fullmatch(node.value):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} {node.value!r}")
    assert found == []


@pytest.mark.parametrize("type_name", sorted(registry()))
def test_a_type_reaches_other_types_only_through_their_leaf_models(type_name):
    """Inside types/<pkg>/, imports of another type's package go to its leaf ``model`` module only,
    and a leaf model imports nothing of the project but the core (and its own package's data helpers)."""
    package = f"awsarch_compiler.types.{type_name.replace('-', '_')}"
    own = [n for n in MODULES if n == package or n.startswith(package + ".")]
    for name in own:
        for target, line, _ in GRAPH[name]:
            if target.startswith("awsarch_compiler.types.") and not target.startswith(package) \
                    and target != "awsarch_compiler.types" and target != "awsarch_compiler.types.base":
                assert target.endswith(".model"), f"{name}:{line} imports {target}, not a leaf model"
    model = f"{package}.model"
    for target, line, _ in GRAPH.get(model, ()):
        assert target.startswith(("awsarch_compiler.core", package)), f"{model}:{line} imports {target}"
